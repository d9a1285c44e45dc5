package org.engram.driver.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small command-line parser: {@code --flag}, {@code --option value} (repeatable options keep
 * every value) and positional arguments.
 */
final class Args {
  private final Map<String, List<String>> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final List<String> positional = new ArrayList<>();

  Args(List<String> args, Set<String> knownFlags, Set<String> knownOptions) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (knownFlags.contains(a)) {
        flags.add(a);
      } else if (knownOptions.contains(a)) {
        if (i + 1 >= args.size()) {
          throw new UsageException(a + " needs a value");
        }
        options.computeIfAbsent(a, k -> new ArrayList<>()).add(args.get(++i));
      } else if (a.startsWith("--")) {
        throw new UsageException(
            "unknown option " + a + "; known: " + union(knownFlags, knownOptions));
      } else {
        positional.add(a);
      }
    }
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String option(String name, String fallback) {
    List<String> v = options.get(name);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  List<String> positional() {
    return positional;
  }

  private static String union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.TreeSet<>(a);
    s.addAll(b);
    return s.toString();
  }
}
