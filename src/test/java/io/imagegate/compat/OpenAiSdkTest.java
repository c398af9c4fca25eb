package io.imagegate.compat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageCreateVariationParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.Images;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK, unmodified, pointed at the gateway: only the base URL and the key change. */
@QuarkusTest
class OpenAiSdkTest {

    @TestHTTPResource("/v1")
    URL v1;

    @Inject
    Pool pool;

    private OpenAIClient client(Customer customer, Duration timeout, int retries) {
        return OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(customer.key()).timeout(timeout)
                .maxRetries(retries).build();
    }

    @Test
    void generatesAsUrlsAndAsBase64() throws IOException {
        OpenAIClient openai = client(Api.newCustomer(100), Duration.ofSeconds(30), 0);
        ImagesResponse urls = openai.images().generate(ImageGenerateParams.builder().model("ideogram-v3-turbo")
                .prompt("A cute baby sea otter").n(2).size(ImageGenerateParams.Size._1024X1024).build());
        assertThat(urls.data().orElseThrow()).hasSize(2).allSatisfy(image -> assertThat(image.url()).isPresent());

        ImagesResponse bytes = openai.images().generate(ImageGenerateParams.builder().model("sandbox-image")
                .prompt("a lighthouse").responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());
        String b64 = bytes.data().orElseThrow().get(0).b64Json().orElseThrow();
        assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))).isNotNull();
    }

    @Test
    void editsOneImageOrAnArrayAndMakesVariations() {
        OpenAIClient openai = client(Api.newCustomer(100), Duration.ofSeconds(30), 0);
        ImagesResponse single = openai.images().edit(ImageEditParams.builder().model("ideogram-v3-turbo")
                .image(Images.png(64, 64)).prompt("add a hat").build());
        assertThat(single.data().orElseThrow()).hasSize(1);
        ImagesResponse array = openai.images().edit(ImageEditParams.builder().model("ideogram-v3-turbo")
                .image(ImageEditParams.Image.ofInputStreams(List.of(new ByteArrayInputStream(Images.png(64, 64)),
                        new ByteArrayInputStream(Images.png(32, 32)))))
                .prompt("the first in the style of the second").build());
        assertThat(array.data().orElseThrow()).hasSize(1);
        ImagesResponse variations = openai.images().createVariation(ImageCreateVariationParams.builder()
                .model("ideogram-v3-turbo").image(Images.png(64, 64)).n(2).build());
        assertThat(variations.data().orElseThrow()).extracting(Image::url).allSatisfy(url -> assertThat(url).isPresent());
    }

    @Test
    void listsAndRetrievesModelsAndRefusesWhatItDoesNotServe() {
        OpenAIClient openai = client(Api.newCustomer(100), Duration.ofSeconds(30), 0);
        assertThat(openai.models().list().data()).extracting(Model::id).contains("ideogram-v4", "sandbox-image");
        assertThat(openai.models().retrieve("ideogram-v4").ownedBy()).isEqualTo("imagegate");
        assertThatThrownBy(() -> openai.models().retrieve("dall-e-9")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> openai.images().generate(ImageGenerateParams.builder().model("ideogram-v3-turbo")
                .prompt("odd").size(ImageGenerateParams.Size.of("123x456")).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("size");
    }

    /** The SDK's own retry after its 2 s timeout, on a 3 s task: one task, one charge, the retry answered. */
    @Test
    void theSdksRetriesAfterAClientTimeoutRunAndChargeOneTask() {
        Customer customer = Api.newCustomer(100);
        ImagesResponse answer = client(customer, Duration.ofSeconds(2), 3).images().generate(ImageGenerateParams.builder()
                .model("ideogram-v3-turbo").prompt("slow [sandbox:delay=3s]").build());
        assertThat(answer.data().orElseThrow().get(0).url()).isPresent();
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isEqualTo(1);
        assertThat(customer.balance()).isEqualTo(100 - 8);
    }
}
