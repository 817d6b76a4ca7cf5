package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads a template or settings file, YAML or JSON, into a JSON tree. CloudFormation's short-form tags become their
 * long forms ({@code !Ref X} is {@code {"Ref": "X"}}, {@code !Sub s} is {@code {"Fn::Sub": s}}), so the rest of the
 * runner sees one syntax. Syntax errors and duplicate keys name the file and line.
 */
final class TemplateReader {

    /** YAML's own tags, such as {@code !!str}, arrive spelt out. */
    private static final String STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";
    private static final YAMLFactory YAML = new YAMLFactory();

    private TemplateReader() {
    }

    /** @param displayName how messages name the file: the path as the user typed it */
    static JsonNode read(final Path file, final String displayName) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new InputException(displayName + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        final boolean json = displayName.endsWith(".json") || text.stripLeading().startsWith("{");
        try (JsonParser parser = json ? Json.MAPPER.createParser(text) : YAML.createParser(text)) {
            // CloudFormation refuses duplicate keys rather than letting the last one win.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() == null) {
                throw new InputException(displayName + ": the file is empty");
            }
            final JsonNode tree = readValue(parser, displayName);
            if (parser.nextToken() != null) {
                throw syntaxError(displayName, parser.currentLocation(), "more than one document or value");
            }
            return tree;
        } catch (final JsonProcessingException e) {
            throw syntaxError(displayName, e.getLocation(), e.getOriginalMessage());
        } catch (final IOException e) {
            throw new InputException(displayName + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static JsonNode readValue(final JsonParser parser, final String displayName) throws IOException {
        final Object typeId = parser.getTypeId();
        final String tag = typeId == null ? null : typeId.toString();
        final JsonToken token = parser.currentToken();
        if (tag != null && tag.equals(STANDARD_TAG_PREFIX + "str") && token.isScalarValue()) {
            return Json.NODES.textNode(parser.getText());
        }
        final JsonNode value = switch (token) {
            case START_OBJECT -> readObject(parser, displayName);
            case START_ARRAY -> readArray(parser, displayName);
            case VALUE_STRING -> Json.NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> Json.NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> Json.NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> Json.NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> Json.NODES.nullNode();
            default -> throw syntaxError(displayName, parser.currentLocation(), "unexpected " + token);
        };
        if (tag == null || tag.startsWith(STANDARD_TAG_PREFIX)) {
            return value;
        }
        return Json.object().set(longForm(tag), value);
    }

    /** {@code !Ref} and {@code !Condition} keep their names; every other short form is an {@code Fn::}. */
    private static String longForm(final String tag) {
        return tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
    }

    private static ObjectNode readObject(final JsonParser parser, final String displayName) throws IOException {
        final ObjectNode object = Json.object();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            parser.nextToken();
            object.set(name, readValue(parser, displayName));
        }
        return object;
    }

    private static ArrayNode readArray(final JsonParser parser, final String displayName) throws IOException {
        final ArrayNode array = Json.NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(parser, displayName));
        }
        return array;
    }

    private static InputException syntaxError(final String displayName, final JsonLocation where, final String message) {
        final String line = where == null || where.getLineNr() < 1 ? ""
            : String.format(" line %d, column %d:", where.getLineNr(), where.getColumnNr());
        return new InputException(displayName + ":" + line + " syntax error: " + readable(message));
    }

    /** SnakeYAML's multi-line message without its (indented) excerpts of the file: the line number points there. */
    private static String readable(final String message) {
        return Arrays.stream(String.valueOf(message).split("\n"))
            .filter(line -> !line.startsWith("    "))
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("in '"))
            .collect(Collectors.joining("; "));
    }
}
