package dev.postsapi.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.core.util.Separators.Spacing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How {@code docs/openapi.json} is written and compared: the served document
 * pretty-printed in its own key order, and a comparison that holds the file to the same
 * bytes, reporting every difference by JSON pointer (a reordering too).
 */
final class OpenApiSnapshot {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OpenApiSnapshot() {
	}

	/**
	 * Two-space indentation, {@code "key": value}, one array element a line, a final
	 * newline, keys as served: what {@code JSON.stringify(document, null, 2)} writes, so
	 * that diffs in review are line by line.
	 */
	static String pretty(String document) {
		DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
		DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
			.withObjectNameValueSpacing(Spacing.AFTER)
			.withObjectEmptySeparator("")
			.withArrayEmptySeparator("")).withObjectIndenter(indenter).withArrayIndenter(indenter);
		return JSON.writer().with(printer).writeValueAsString(JSON.readTree(document)) + "\n";
	}

	/**
	 * Empty when the file holds exactly the bytes {@link #pretty} writes of the served
	 * document.
	 */
	static List<String> differences(String file, String served) {
		List<String> differences = new ArrayList<>();
		if (file.equals(served)) {
			return differences;
		}
		compare("", JSON.readTree(file), JSON.readTree(served), differences);
		if (differences.isEmpty()) {
			differences.add("  the same JSON, written differently from line " + firstDifferentLine(file, served));
		}
		return differences;
	}

	/** Adds a line for every place where the snapshot and the served document differ. */
	private static void compare(String pointer, JsonNode snapshot, JsonNode served, List<String> differences) {
		if (snapshot.isObject() && served.isObject()) {
			Set<String> names = new TreeSet<>(snapshot.propertyNames());
			names.addAll(served.propertyNames());
			if (names.size() == snapshot.size() && names.size() == served.size()
					&& !List.copyOf(snapshot.propertyNames()).equals(List.copyOf(served.propertyNames()))) {
				differences.add("  ^ " + (pointer.isEmpty() ? "/" : pointer) + ": keys " + snapshot.propertyNames()
						+ " -> " + served.propertyNames());
			}
			for (String name : names) {
				String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
				if (!served.has(name)) {
					differences.add("  - " + child);
				}
				else if (!snapshot.has(name)) {
					differences.add("  + " + child);
				}
				else {
					compare(child, snapshot.get(name), served.get(name), differences);
				}
			}
		}
		else if (snapshot.isArray() && served.isArray() && snapshot.size() == served.size()) {
			for (int i = 0; i < snapshot.size(); i++) {
				compare(pointer + "/" + i, snapshot.get(i), served.get(i), differences);
			}
		}
		else if (!snapshot.equals(served)) {
			differences.add("  ~ " + (pointer.isEmpty() ? "/" : pointer) + ": " + abbreviated(snapshot) + " -> "
					+ abbreviated(served));
		}
	}

	private static int firstDifferentLine(String file, String served) {
		String[] fileLines = file.split("\n", -1), servedLines = served.split("\n", -1);
		int line = 0;
		while (line < Math.min(fileLines.length, servedLines.length) && fileLines[line].equals(servedLines[line])) {
			line++;
		}
		return line + 1;
	}

	private static String abbreviated(JsonNode node) {
		String text = node.toString();
		return (text.length() <= 80) ? text : text.substring(0, 77) + "...";
	}

}
