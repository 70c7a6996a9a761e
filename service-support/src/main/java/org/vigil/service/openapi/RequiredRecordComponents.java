package org.vigil.service.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * Marks a record's components {@code required} in its schema unless they are {@code @Nullable} (or Optional), for
 * records in {@code @NullMarked} code, which is all of Vigil's. A non-null component is always in the JSON (the
 * services write nulls either as null or, with {@code NON_NULL}, not at all), so generated clients may type it as
 * present; without this swagger-core leaves every property optional.
 */
final class RequiredRecordComponents implements ModelConverter {

    private static final Set<JsonInclude.Include> KEEPS_NON_NULL_VALUES = Set.of(JsonInclude.Include.ALWAYS,
            JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_ABSENT, JsonInclude.Include.USE_DEFAULTS);

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved == null || type.getType() == null) {
            return resolved;
        }
        JavaType javaType = Json.mapper().constructType(type.getType());
        Class<?> raw = javaType.getRawClass();
        if (!raw.isRecord() || !nullMarked(raw) || !keepsNonNullValues(raw.getAnnotation(JsonInclude.class))) {
            return resolved;
        }
        Schema model = resolved;
        if (resolved.get$ref() != null) {
            String ref = resolved.get$ref();
            model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            String name = jsonName(component);
            boolean present = model.getProperties().containsKey(name)
                    && (model.getRequired() == null || !model.getRequired().contains(name));
            if (present && !nullable(component) && keepsNonNullValues(component.getAnnotation(JsonInclude.class))) {
                model.addRequiredItem(name);
            }
        }
        return resolved;
    }

    private static boolean nullMarked(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(NullMarked.class)) {
                return true;
            }
        }
        return type.getPackage() != null && type.getPackage().isAnnotationPresent(NullMarked.class);
    }

    private static boolean keepsNonNullValues(@Nullable JsonInclude include) {
        return include == null || KEEPS_NON_NULL_VALUES.contains(include.value());
    }

    private static boolean nullable(RecordComponent component) {
        if (component.getType() == Optional.class) {
            return true;
        }
        for (Annotation annotation : component.getAnnotatedType().getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        for (Annotation annotation : component.getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }
}
