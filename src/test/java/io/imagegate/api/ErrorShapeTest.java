package io.imagegate.api;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** Framework-level refusals keep the one error shape and never show a stack trace. */
@QuarkusTest
class ErrorShapeTest {

    @Test
    void unknownRouteIs404() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/json")
                .body("error.code", equalTo(404)).body("error.type", equalTo("not_found"));
    }

    @Test
    void wrongMethodIs405() {
        Customer customer = Api.newCustomer(0);
        customer.request().put("/api/v1/images/generations").then().statusCode(405)
                .body("error.code", equalTo(405)).body("error.type", equalTo("method_not_allowed"));
    }

    @Test
    void wrongContentTypeIs415() {
        Customer customer = Api.newCustomer(0);
        customer.request().contentType("text/plain").body("prompt=cat").post("/api/v1/images/generations").then()
                .statusCode(415).body("error.type", equalTo("unsupported_media_type"));
    }

    @Test
    void malformedJsonIs400WithoutInternals() {
        Customer customer = Api.newCustomer(0);
        customer.request().contentType("application/json").body("{\"prompt\": \"cat\",,}").post("/api/v1/images/generations")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request"))
                .body("error.param", equalTo(null))
                .body(not(containsString("at com.fasterxml")))
                .body(not(containsString("Exception")));
    }

    @Test
    void aWrongTypeInAnAdminBodyNamesTheField() {
        Api.admin().body("{\"name\": \"x\", \"credits\": \"lots\"}").post("/admin/v1/accounts").then()
                .statusCode(400).body("error.param", equalTo("credits"));
    }
}
