package io.cfnazure.blobstorage.container.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfnazure.blobstorage.container.model.ResourceSchemaTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * {@code docs/} holds exactly what {@code cfn generate} writes from the schema (it deletes the folder and writes it
 * anew), so the property prose lives in the schema's {@code description} fields. This test reads the pages the way
 * cloudformation-cli lays them out (a {@code #### Name} section per property: its description, then
 * {@code _Label_: value} lines) and checks every fact against the schema, both ways. When it fails after a schema
 * change, run {@code cfn generate}, or edit the named page in the same format.
 */
public class PropertyReferenceTest {

    private static final Path SCHEMA_FILE = ResourceSchemaTest.SCHEMA_FILE;
    private static final Path DOCS = Path.of("docs");
    private static final String PROPERTIES = "/properties/";
    /** cloudformation-cli escapes a heading that starts with one of these (a pattern property's name, say). */
    private static final String MARKDOWN_RESERVED_START = "^*+.([{#";
    private static final Pattern FIELD = Pattern.compile("_(.+?)_: (.*)", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("\\[(.+)]\\((.+)\\)");
    private static final Pattern HEADING = Pattern.compile("(#{1,6}) (.*)");
    /** The link text may hold '<' (a pattern property's name): it ends at the first {@code </a>}. */
    private static final Pattern SYNTAX_ENTRY = Pattern.compile("title=\"([^\"]+)\">.*?</a>\"?\\s*:\\s*<i>(.*)</i>");

    private static JsonNode schema;
    private static Set<String> createOnly;
    private static Set<String> conditionalCreateOnly;
    private static List<String> readOnly;
    private static List<String> primaryIdentifier;

    @BeforeAll
    static void loadSchema() throws IOException {
        final String text = Files.readString(SCHEMA_FILE);
        // Jackson keeps the properties in the schema's order, which is the order of the generated pages.
        schema = new ObjectMapper().readTree(text);
        final ResourceTypeSchema resourceType = ResourceTypeSchema.load(new JSONObject(text));
        createOnly = new HashSet<>(resourceType.getCreateOnlyPropertiesAsStrings());
        conditionalCreateOnly = new HashSet<>(resourceType.getConditionalCreateOnlyPropertiesAsStrings());
        readOnly = resourceType.getReadOnlyPropertiesAsStrings();
        primaryIdentifier = resourceType.getPrimaryIdentifierAsStrings();
    }

    @Test
    void theResourcePageDocumentsEverySettablePropertyAsTheSchemaDefinesIt() throws IOException {
        final Page page = Page.read(DOCS.resolve("README.md"));

        assertThat(page.title()).isEqualTo(schema.path("typeName").asText());
        assertThat(page.intro()).isEqualTo(schema.path("description").asText());
        assertDocumentsObject(page, "docs/README.md", schema, List.of());
    }

    @Test
    void everyNestedObjectHasItsOwnPageAsCfnGenerateWritesIt() throws IOException {
        for (final Map.Entry<String, NestedObject> nested : nestedObjects(schema, List.of()).entrySet()) {
            final Page page = Page.read(DOCS.resolve(nested.getKey()));
            final NestedObject object = nested.getValue();

            assertThat(page.title()).isEqualTo(schema.path("typeName").asText() + " " + String.join(" ", object.path()));
            assertThat(page.intro()).isEqualTo(object.node().path("description").asText());
            assertDocumentsObject(page, "docs/" + nested.getKey(), object.node(), object.path());
        }
    }

    @Test
    void returnValuesAreThePrimaryIdentifierAndTheReadOnlyProperties() throws IOException {
        final Page page = Page.read(DOCS.resolve("README.md"));

        assertThat(primaryIdentifier).hasSize(1);
        assertThat(page.section("Ref").paragraphs()).as("docs/README.md, ### Ref").singleElement().asString()
            .contains("Ref returns the " + primaryIdentifier.get(0).substring(PROPERTIES.length()) + ".");
        final List<Section> attributes = page.subsections("Fn::GetAtt");
        assertThat(attributes).extracting(Section::heading).as("docs/README.md, the Fn::GetAtt attributes")
            .containsExactlyElementsOf(readOnly.stream().map(p -> p.substring(PROPERTIES.length())).toList());
        for (final Section attribute : attributes) {
            assertThat(String.join("\n\n", attribute.paragraphs())).as("docs/README.md, Fn::GetAtt %s",
                attribute.heading()).isEqualTo(resolve(schema.path("properties").path(attribute.heading()))
                .path("description").asText());
        }
    }

    @Test
    void docsHoldsOnlyWhatCfnGenerateWritesBecauseItDeletesTheRest() throws IOException {
        final Set<String> expected = new TreeSet<>(nestedObjects(schema, List.of()).keySet());
        expected.add("README.md");
        final Set<String> present;
        try (Stream<Path> files = Files.list(DOCS)) {
            present = files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(present).isEqualTo(expected);
    }

    @Test
    void noPropertyKeepsADescriptionBesideARefWhichCfnGenerateWouldDrop() {
        // The generator inlines a $ref to a definition and shows the definition's description: prose written next to
        // the $ref would silently never reach the reference.
        final List<String> dropped = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(property -> {
            if (property.getValue().has("$ref") && property.getValue().has("description")) {
                dropped.add(property.getKey());
            }
        });
        assertThat(dropped).as("properties whose description belongs in the definition they refer to").isEmpty();
    }

    /** The syntax blocks and the property sections of one page against the object schema it documents. */
    private static void assertDocumentsObject(final Page page, final String file, final JsonNode object,
                                              final List<String> path) {
        final Map<String, JsonNode> documented = settableProperties(object, path);
        final Map<String, String> expectedJson = new LinkedHashMap<>();
        final Map<String, String> expectedYaml = new LinkedHashMap<>();
        documented.forEach((name, property) -> {
            expectedJson.put(name, syntaxOf(resolve(property), path, name, "[ %s, ... ]"));
            expectedYaml.put(name, syntaxOf(resolve(property), path, name, "- %s"));
        });

        assertThat(page.syntax("JSON")).as("%s, JSON syntax", file).containsExactlyEntriesOf(expectedJson);
        assertThat(page.syntax("YAML")).as("%s, YAML syntax", file).containsExactlyEntriesOf(expectedYaml);

        final List<Section> sections = page.subsections("Properties");
        assertThat(sections).extracting(Section::heading).as("%s, property sections", file)
            .containsExactlyElementsOf(documented.keySet().stream().map(PropertyReferenceTest::heading).toList());
        final Set<String> required = new HashSet<>();
        object.path("required").forEach(name -> required.add(name.asText()));
        int i = 0;
        for (final Map.Entry<String, JsonNode> property : documented.entrySet()) {
            final Section section = sections.get(i++);
            final JsonNode resolved = resolve(property.getValue());
            final List<String> propertyPath = append(path, property.getKey());
            assertThat(section.description()).as("%s, %s: description", file, property.getKey())
                .isEqualTo(resolved.path("description").asText());
            assertThat(section.fields()).as("%s, %s", file, property.getKey())
                .containsExactlyInAnyOrderEntriesOf(expectedFields(resolved, propertyPath,
                    required.contains(property.getKey())));
        }
    }

    private static Map<String, String> expectedFields(final JsonNode property, final List<String> path,
                                                      final boolean required) {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Required", required ? "Yes" : "No");
        fields.put("Type", typeOf(property, path.subList(0, path.size() - 1), path.get(path.size() - 1)));
        if (property.has("enum")) {
            final List<String> values = new ArrayList<>();
            property.get("enum").forEach(value -> values.add(value.asText()));
            fields.put("Allowed Values", String.join(" | ", values));
        }
        for (final String[] keyword : new String[][] {
            {"minLength", "Minimum Length"}, {"maxLength", "Maximum Length"}, {"pattern", "Pattern"}}) {
            // Like the generator, a length of 0 is not shown.
            if (property.has(keyword[0]) && !"0".equals(property.get(keyword[0]).asText())) {
                fields.put(keyword[1], property.get(keyword[0]).asText());
            }
        }
        final String pointer = PROPERTIES + String.join("/", path);
        fields.put("Update requires", createOnly.contains(pointer) ? "Replacement"
            : conditionalCreateOnly.contains(pointer) ? "Some interruptions" : "No interruption");
        return fields;
    }

    /** A property's type in a syntax block: a list's items in the block's list form, otherwise {@link #typeOf}. */
    private static String syntaxOf(final JsonNode property, final List<String> parentPath, final String name,
                                   final String listForm) {
        return "array".equals(property.path("type").asText())
            ? String.format(listForm, typeOf(resolve(property.path("items")), parentPath, name))
            : typeOf(property, parentPath, name);
    }

    /** A property's type as the generator names it; an object with properties gets a page, linked from here. */
    private static String typeOf(final JsonNode property, final List<String> parentPath, final String name) {
        final String type = property.path("type").asText("object");
        return switch (type) {
            case "array" -> "List of " + typeOf(resolve(property.path("items")), parentPath, name);
            case "string" -> "String";
            case "boolean" -> "Boolean";
            case "integer" -> "Integer";
            case "number" -> "Double";
            case "object" -> hasProperties(property)
                ? "<a href=\"" + pageOf(append(parentPath, name)) + "\">" + name + "</a>" : "Map";
            default -> throw new IllegalStateException("The schema now has a property of type " + type
                + " (" + name + "): teach this test how cfn generate documents it.");
        };
    }

    /** The pages of the objects under {@code object}, by file name. */
    private static Map<String, NestedObject> nestedObjects(final JsonNode object, final List<String> path) {
        final Map<String, NestedObject> pages = new LinkedHashMap<>();
        settableProperties(object, path).forEach((name, property) -> {
            final JsonNode resolved = resolve(property);
            if ("object".equals(resolved.path("type").asText("object")) && hasProperties(resolved)) {
                if (property.has("$ref")) {
                    throw new IllegalStateException("An object property refers to a definition (" + name + "): the "
                        + "generator names its page after the definition; teach this test how.");
                }
                final List<String> nestedPath = append(path, name);
                pages.put(pageOf(nestedPath), new NestedObject(nestedPath, resolved));
                pages.putAll(nestedObjects(resolved, nestedPath));
            }
        });
        return pages;
    }

    /** Properties (or pattern properties) of an object that a template can set: read-only ones are not documented. */
    private static Map<String, JsonNode> settableProperties(final JsonNode object, final List<String> path) {
        final JsonNode properties = object.has("properties") ? object.get("properties") : object.path("patternProperties");
        final Map<String, JsonNode> settable = new LinkedHashMap<>();
        properties.fields().forEachRemaining(property -> {
            if (!readOnly.contains(PROPERTIES + String.join("/", append(path, property.getKey())))) {
                settable.put(property.getKey(), property.getValue());
            }
        });
        return settable;
    }

    private static boolean hasProperties(final JsonNode object) {
        return object.path("properties").size() > 0 || object.path("patternProperties").size() > 0;
    }

    /** A local {@code $ref} followed to its definition, as the generator inlines it (its siblings are dropped). */
    private static JsonNode resolve(final JsonNode property) {
        return property.has("$ref") ? schema.at(property.get("$ref").asText().substring(1)) : property;
    }

    private static String pageOf(final List<String> path) {
        return String.join("-", path).toLowerCase() + ".md";
    }

    private static String heading(final String name) {
        return MARKDOWN_RESERVED_START.indexOf(name.charAt(0)) >= 0 ? "\\" + name : name;
    }

    private static List<String> append(final List<String> path, final String name) {
        final List<String> longer = new ArrayList<>(path);
        longer.add(name);
        return longer;
    }

    private record NestedObject(List<String> path, JsonNode node) {
    }

    /** A heading of a page and the paragraphs (blank-line separated blocks) up to the next heading. */
    private record Section(int level, String heading, List<String> paragraphs) {

        String description() {
            return paragraphs.stream().takeWhile(p -> !FIELD.matcher(p).matches()).collect(Collectors.joining("\n\n"));
        }

        /** The {@code _Label_: value} lines, with markup reduced to the value: code tags and links to their text. */
        Map<String, String> fields() {
            final Map<String, String> fields = new LinkedHashMap<>();
            for (final String paragraph : paragraphs) {
                final Matcher field = FIELD.matcher(paragraph);
                if (field.matches()) {
                    final Matcher link = LINK.matcher(field.group(2));
                    fields.put(field.group(1), link.matches() ? link.group(1)
                        : field.group(2).replace("<code>", "").replace("</code>", ""));
                }
            }
            return fields;
        }
    }

    private record Page(List<Section> sections) {

        static Page read(final Path file) throws IOException {
            final List<Section> sections = new ArrayList<>();
            final StringBuilder paragraph = new StringBuilder();
            for (final String line : (Files.readString(file) + "\n").split("\n", -1)) {
                final Matcher heading = HEADING.matcher(line);
                if (heading.matches() || line.isBlank()) {
                    if (!paragraph.isEmpty()) {
                        sections.get(sections.size() - 1).paragraphs().add(paragraph.toString());
                        paragraph.setLength(0);
                    }
                    if (heading.matches()) {
                        sections.add(new Section(heading.group(1).length(), heading.group(2), new ArrayList<>()));
                    }
                } else {
                    paragraph.append(paragraph.isEmpty() ? "" : "\n").append(line);
                }
            }
            return new Page(sections);
        }

        String title() {
            return sections.get(0).heading();
        }

        String intro() {
            return String.join("\n\n", sections.get(0).paragraphs());
        }

        Section section(final String heading) {
            return sections.stream().filter(s -> s.heading().equals(heading)).findFirst()
                .orElseThrow(() -> new AssertionError("no section '" + heading + "'"));
        }

        /** The sections one level below {@code heading}, up to the next heading of its level or above. */
        List<Section> subsections(final String heading) {
            final Section parent = section(heading);
            final List<Section> below = new ArrayList<>();
            for (final Section section : sections.subList(sections.indexOf(parent) + 1, sections.size())) {
                if (section.level() <= parent.level()) {
                    break;
                }
                below.add(section);
            }
            return below;
        }

        /**
         * Name and type of each entry of a syntax block ({@code ### JSON} or {@code ### YAML}), in order. A YAML list
         * is written over two lines ({@code <i>} then {@code - String</i>}), read here as one.
         */
        Map<String, String> syntax(final String format) {
            final Map<String, String> entries = new LinkedHashMap<>();
            for (final String paragraph : section(format).paragraphs()) {
                for (final String line : paragraph.replaceAll("<i>\n\\s+- ", "<i>- ").split("\n")) {
                    final Matcher entry = SYNTAX_ENTRY.matcher(line);
                    if (entry.find()) {
                        entries.put(entry.group(1), entry.group(2));
                    }
                }
            }
            return entries;
        }
    }
}
