package io.strand.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads YAML files as JSON trees, using PyYAML under Debian's python3 (python3-yaml) as the parser so that the
 * tests need no YAML library of their own. Stateless.
 */
final class YamlDocuments {

  private static final String TO_JSON =
      "import json, sys, yaml\n"
      + "print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8')))))\n";

  private YamlDocuments() {}

  /** Every document of a YAML file (a stream may hold several, separated by ---), empty ones dropped. */
  static List<JsonObject> load(Path file) {
    ProcessResult result = ProcessResult.run(
        List.of(DebianTools.DEBIAN_PYTHON.toString(), "-c", TO_JSON, file.toString()), null, 60).assertSuccess();
    JsonArray docs = JsonParser.parseString(result.stdout()).getAsJsonArray();
    List<JsonObject> objects = new ArrayList<>();
    for (JsonElement doc : docs) {
      if (doc.isJsonObject()) {
        objects.add(doc.getAsJsonObject());
      }
    }
    return objects;
  }

  /** The element at a dotted path of object keys (e.g. "spec.template.metadata"), failing with the path if absent. */
  static JsonElement at(JsonObject root, String dottedPath) {
    JsonElement current = root;
    for (String key : dottedPath.split("\\.")) {
      if (current == null || !current.isJsonObject() || !current.getAsJsonObject().has(key)) {
        throw new AssertionError("missing '" + dottedPath + "' (at '" + key + "') in " + root);
      }
      current = current.getAsJsonObject().get(key);
    }
    return current;
  }
}
