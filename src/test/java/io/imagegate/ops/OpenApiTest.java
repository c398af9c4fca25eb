package io.imagegate.ops;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every route the code declares is in /q/openapi, with the shared error responses. */
@QuarkusTest
class OpenApiTest {

    private static final Map<DotName, String> METHODS = Map.of(DotName.createSimple(GET.class), "get",
            DotName.createSimple(POST.class), "post", DotName.createSimple(PUT.class), "put",
            DotName.createSimple(DELETE.class), "delete");

    @Test
    void describesEveryDeclaredRoute() throws IOException {
        JsonPath openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<String> declared = declaredRoutes();
        assertThat(declared).hasSizeGreaterThan(20);
        List<String> missing = new ArrayList<>();
        for (String route : declared) {
            String[] parts = route.split(" ", 2);
            Map<String, Object> item = paths.get(parts[1]);
            if (item == null || !item.containsKey(parts[0])) {
                missing.add(route);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(openapi.getString("paths.'/api/v1/images/generations'.post.responses.'402'.description")).isNotBlank();
        assertThat(openapi.getString("paths.'/api/v1/tasks/{id}'.get.responses.'404'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/Error");
        assertThat(openapi.getMap("components.schemas.Error.properties.error.properties")).containsKeys("code", "type", "message", "param");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static List<String> declaredRoutes() throws IOException {
        Indexer indexer = new Indexer();
        try (var files = Files.walk(Paths.get("target/classes/io/imagegate"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    indexer.index(in);
                }
            }
        }
        Index index = indexer.complete();
        TreeSet<String> routes = new TreeSet<>();
        for (AnnotationInstance classPath : index.getAnnotations(DotName.createSimple(Path.class))) {
            if (classPath.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                continue;
            }
            var type = classPath.target().asClass();
            for (var method : type.methods()) {
                METHODS.forEach((annotation, verb) -> {
                    if (method.hasAnnotation(annotation)) {
                        AnnotationInstance methodPath = method.annotation(DotName.createSimple(Path.class));
                        String path = join(classPath.value().asString(), methodPath == null ? "" : methodPath.value().asString());
                        routes.add(verb + " " + path);
                    }
                });
            }
        }
        return List.copyOf(routes);
    }

    private static String join(String base, String sub) {
        String path = (base.startsWith("/") ? base : "/" + base) + (sub.isEmpty() ? "" : (sub.startsWith("/") ? sub : "/" + sub));
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
