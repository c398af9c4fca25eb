package io.imagegate.ops;

import com.fasterxml.jackson.annotation.JacksonAnnotation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks a native build would fail on late, made early: every record Jackson reads or writes (Jackson
 * annotations, or reachable from a resource method's signature) is registered for reflection.
 */
class NativeReadinessTest {

    @Test
    void everyJsonRecordIsRegisteredForReflection() throws Exception {
        List<Class<?>> classes = appClasses();
        Deque<Class<?>> toCheck = new ArrayDeque<>();
        for (Class<?> type : classes) {
            if (type.isRecord() && usesJackson(type)) {
                toCheck.add(type);
            }
            if (type.isAnnotationPresent(Path.class)) {
                for (Method method : type.getDeclaredMethods()) {
                    if (!isEndpoint(method)) {
                        continue;
                    }
                    collect(method.getGenericReturnType(), toCheck);
                    for (Type parameter : method.getGenericParameterTypes()) {
                        collect(parameter, toCheck);
                    }
                }
            }
        }
        Set<Class<?>> seen = new HashSet<>();
        List<String> unregistered = new ArrayList<>();
        while (!toCheck.isEmpty()) {
            Class<?> type = toCheck.pop();
            if (!seen.add(type)) {
                continue;
            }
            if (!type.isAnnotationPresent(RegisterForReflection.class)) {
                unregistered.add(type.getName());
            }
            for (RecordComponent component : type.getRecordComponents()) {
                collect(component.getGenericType(), toCheck);
            }
        }
        assertThat(seen).hasSizeGreaterThan(15);
        assertThat(unregistered).isEmpty();
    }

    @Test
    void everyClassHoldingRandomStateIsInitialisedAtRunTimeInANativeImage() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newInputStream(Paths.get("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        String runTime = properties.getProperty("quarkus.native.additional-build-args", "");
        List<String> holders = new ArrayList<>();
        for (Class<?> type : appClasses()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && java.util.Random.class.isAssignableFrom(field.getType())) {
                    holders.add(type.getName());
                }
            }
        }
        assertThat(holders).as("classes with a static Random or SecureRandom").isNotEmpty()
                .allSatisfy(name -> assertThat(runTime).as(name).contains(name));
        assertThat(runTime).startsWith("--initialize-at-run-time=");
    }

    private static boolean isEndpoint(Method method) {
        return method.isAnnotationPresent(jakarta.ws.rs.GET.class) || method.isAnnotationPresent(jakarta.ws.rs.POST.class)
                || method.isAnnotationPresent(jakarta.ws.rs.PUT.class) || method.isAnnotationPresent(jakarta.ws.rs.DELETE.class);
    }

    private static void collect(Type type, Deque<Class<?>> out) {
        if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), out);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, out);
            }
        } else if (type instanceof Class<?> c && c.isRecord() && c.getName().startsWith("io.imagegate.")) {
            out.add(c);
        }
    }

    private static boolean usesJackson(Class<?> type) {
        if (hasJackson(type.getAnnotations())) {
            return true;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (hasJackson(component.getAnnotations()) || hasJackson(component.getAccessor().getAnnotations())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJackson(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().isAnnotationPresent(JacksonAnnotation.class)) {
                return true;
            }
        }
        return false;
    }

    private static List<Class<?>> appClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        var root = Paths.get("target/classes");
        try (var files = Files.walk(root.resolve("io/imagegate"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                out.add(Class.forName(name, false, NativeReadinessTest.class.getClassLoader()));
            }
        }
        return out;
    }
}
