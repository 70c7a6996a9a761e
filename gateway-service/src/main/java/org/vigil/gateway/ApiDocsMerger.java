package org.vigil.gateway;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the services' OpenAPI documents into one, as integrators see the API: through the gateway. Paths and
 * components are united; {@code servers} is the gateway's public URL alone. What would clash is made unique by the
 * service's name, so that a client generated from the merged document compiles: operation ids become
 * {@code <service><OperationId>} ({@code vitalsRead}), tags {@code <service>-<tag>}, and a component that two services
 * define differently under one name is renamed {@code <Service><Name>} in the second one's operations (identical ones,
 * such as the shared {@code ProblemDetail} and {@code bearerJwt}, are kept once). Two services documenting the same
 * path is a routing mistake, refused with {@link ConflictingPathException}.
 */
final class ApiDocsMerger {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiDocsMerger() {
    }

    /** Thrown when two services document the same path: the gateway can route it to only one of them. */
    static final class ConflictingPathException extends RuntimeException {

        ConflictingPathException(String message) {
            super(message);
        }
    }

    /** One service's own document, as served through the gateway. */
    static ObjectNode single(JsonNode document, String publicUrl) {
        ObjectNode copy = (ObjectNode) document.deepCopy();
        copy.set("servers", servers(publicUrl));
        return copy;
    }

    /** The documents by service name, in the order they are listed in the merged document. */
    static ObjectNode merge(Map<String, JsonNode> documents, String publicUrl, String title, String version,
            String description) {
        ObjectNode merged = NODES.objectNode();
        merged.put("openapi", openApiVersion(documents));
        merged.putObject("info").put("title", title).put("version", version).put("description", description);
        merged.set("servers", servers(publicUrl));
        ArrayNode security = merged.putArray("security");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ArrayNode tags = merged.putArray("tags");
        Map<String, String> pathOwners = new HashMap<>();

        documents.forEach((service, original) -> {
            JsonNode document = renameClashingComponents(service, original, components);
            for (Map.Entry<String, JsonNode> section : document.path("components").properties()) {
                ObjectNode target = components.has(section.getKey()) ? (ObjectNode) components.get(section.getKey())
                        : components.putObject(section.getKey());
                section.getValue().properties().forEach(entry -> target.set(entry.getKey(), entry.getValue()));
            }
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                String owner = pathOwners.putIfAbsent(path.getKey(), service);
                if (owner != null) {
                    throw new ConflictingPathException("both the " + owner + " and the " + service
                            + " service document " + path.getKey());
                }
                paths.set(path.getKey(), qualifyOperations(service, (ObjectNode) path.getValue().deepCopy()));
            }
            for (JsonNode tag : document.path("tags")) {
                ObjectNode copy = (ObjectNode) tag.deepCopy();
                copy.put("name", service + "-" + tag.path("name").asString());
                tags.add(copy);
            }
            for (JsonNode requirement : document.path("security")) {
                if (!contains(security, requirement)) {
                    security.add(requirement.deepCopy());
                }
            }
        });
        if (tags.isEmpty()) {
            merged.remove("tags");
        }
        return merged;
    }

    private static String openApiVersion(Map<String, JsonNode> documents) {
        return documents.values().stream().map(d -> d.path("openapi").asString("3.1.0")).max(String::compareTo)
                .orElse("3.1.0");
    }

    private static ArrayNode servers(String publicUrl) {
        ArrayNode servers = NODES.arrayNode();
        servers.addObject().put("url", publicUrl).put("description", "The Vigil gateway");
        return servers;
    }

    private static ObjectNode qualifyOperations(String service, ObjectNode pathItem) {
        for (Map.Entry<String, JsonNode> entry : pathItem.properties()) {
            if (entry.getValue() instanceof ObjectNode operation && operation.has("responses")) {
                String id = operation.path("operationId").asString("");
                if (!id.isEmpty()) {
                    operation.put("operationId", service + Character.toUpperCase(id.charAt(0)) + id.substring(1));
                }
                if (operation.get("tags") instanceof ArrayNode tags) {
                    ArrayNode qualified = NODES.arrayNode();
                    tags.forEach(tag -> qualified.add(service + "-" + tag.asString()));
                    operation.set("tags", qualified);
                }
                operation.put("x-vigil-service", service);
            }
        }
        return pathItem;
    }

    /**
     * The service's document with each component that is already in {@code merged} with other content renamed, and
     * every reference to it rewritten. Repeated until nothing more clashes: a rename changes the components that refer
     * to the renamed one, which may make them clash in turn.
     */
    private static JsonNode renameClashingComponents(String service, JsonNode document, ObjectNode merged) {
        Map<String, String> renames = new LinkedHashMap<>();
        JsonNode current = document;
        while (true) {
            boolean more = false;
            for (Map.Entry<String, JsonNode> section : current.path("components").properties()) {
                JsonNode existing = merged.path(section.getKey());
                for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                    JsonNode other = existing.get(component.getKey());
                    if (other != null && !other.equals(component.getValue())) {
                        String ref = "#/components/" + section.getKey() + "/" + component.getKey();
                        String name = uniqueName(service, component.getKey(), existing, section.getValue());
                        renames.put(ref, "#/components/" + section.getKey() + "/" + name);
                        more = true;
                    }
                }
            }
            if (!more) {
                return current;
            }
            current = rename(document, renames);
        }
    }

    private static String uniqueName(String service, String name, JsonNode existing, JsonNode own) {
        String base = service.substring(0, 1).toUpperCase(Locale.ROOT) + service.substring(1) + name;
        String candidate = base;
        for (int n = 2; existing.has(candidate) || own.has(candidate); n++) {
            candidate = base + n;
        }
        return candidate;
    }

    /** A copy with the components renamed and every {@code $ref} to them rewritten. */
    private static JsonNode rename(JsonNode document, Map<String, String> renames) {
        JsonNode copy = rewriteRefs(document.deepCopy(), renames);
        if (copy.get("components") instanceof ObjectNode components) {
            for (Map.Entry<String, String> rename : renames.entrySet()) {
                String[] from = rename.getKey().split("/");
                String[] to = rename.getValue().split("/");
                if (components.get(from[2]) instanceof ObjectNode section && section.has(from[3])) {
                    JsonNode moved = section.remove(from[3]);
                    section.set(to[3], moved);
                }
            }
        }
        return copy;
    }

    private static JsonNode rewriteRefs(JsonNode node, Map<String, String> renames) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && renames.containsKey(ref.asString())) {
                object.put("$ref", renames.get(ref.asString()));
            }
        }
        for (JsonNode child : node) {
            rewriteRefs(child, renames);
        }
        return node;
    }

    private static boolean contains(ArrayNode array, JsonNode element) {
        for (JsonNode existing : array) {
            if (existing.equals(element)) {
                return true;
            }
        }
        return false;
    }
}
