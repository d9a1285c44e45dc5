package org.engram.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.engram.driver.grid.Axis;
import org.engram.driver.grid.Grid;
import org.engram.driver.grid.GridException;
import org.engram.driver.grid.SpecField;
import org.engram.driver.grid.SpecFields;
import org.engram.driver.run.RunSettings;
import org.engram.driver.run.TrialExecutor;

/**
 * Reads an experiment file (HOCON) over the driver's {@code reference.conf} and validates all of it
 * before anything starts: unknown keys (with a suggestion), values of the wrong type, grid axes
 * that are not lists, and every grid point's spec (the records' own checks). Problems are collected
 * and thrown together as one {@link GridException}, one line each, naming the key's path and, where
 * known, the file and line.
 *
 * <p>The file is parsed on its own, not through {@code ConfigFactory.load()}, so JVM system
 * properties and environment variables never leak into a grid.
 */
public final class ConfigLoader {

  /** The top-level sections a file may set. */
  private static final Set<String> SECTIONS =
      Set.of("run", "network", "task", "train", "eval", "grid", "spark");

  private static final String GRID = "grid";
  private static final String SPARK = "spark";

  private ConfigLoader() {}

  /** Loads a file with extra {@code key=value} overrides (HOCON syntax) that win over it. */
  public static Experiment load(File file, List<String> overrides) {
    if (file.isDirectory()) {
      throw new GridException(
          List.of(file.getPath() + ": expected a config file, got a directory"));
    }
    if (!file.isFile()) {
      throw new GridException(List.of(file.getPath() + ": no such config file"));
    }
    if (!file.canRead()) {
      throw new GridException(List.of(file.getPath() + ": config file is not readable"));
    }
    Config user = parse(() -> ConfigFactory.parseFile(file, strict()));
    return load(file.getPath(), withOverrides(user, overrides));
  }

  /** Loads HOCON text (tests, and {@code --set} only runs); {@code source} names it in messages. */
  public static Experiment loadString(String hocon, String source) {
    return load(
        source,
        parse(
            () ->
                ConfigFactory.parseString(
                    hocon, ConfigParseOptions.defaults().setOriginDescription(source))));
  }

  /** The driver's reference config: every key with its default. */
  public static Config reference() {
    return ConfigFactory.parseResources(
            ConfigLoader.class.getClassLoader(), "reference.conf", strict())
        .resolve();
  }

  private static Experiment load(String source, Config user) {
    Config reference = reference();
    List<String> problems = new ArrayList<>();
    checkKeys(user, reference, problems);
    Config full;
    try {
      full = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new GridException(List.of(e.getMessage()));
    }
    Map<String, Object> base = new LinkedHashMap<>();
    for (SpecField f : SpecFields.all()) {
      if (!f.key().equals(SpecFields.SEED)) {
        read(full, f, problems).ifPresent(v -> base.put(f.key(), v));
      }
    }
    List<Axis> axes = readAxes(full, user, problems);
    RunSettings run = readRun(full, problems);
    axes.stream()
        .filter(a -> a.key().equals(SpecFields.SEED))
        .findFirst()
        .ifPresent(a -> base.put(SpecFields.SEED, a.values().get(0)));
    Grid grid = null;
    if (base.size() == SpecFields.all().size()) {
      // Every value has the right type: the records' own checks can run on every grid point.
      grid = new Grid(base, axes);
      try {
        grid.expand();
      } catch (GridException e) {
        e.problems().stream().map(p -> withOrigin(p, user)).forEach(problems::add);
      }
    }
    if (!problems.isEmpty()) {
      throw new GridException(problems);
    }
    return new Experiment(source, run, grid, render(full));
  }

  private static void checkKeys(Config user, Config reference, List<String> problems) {
    for (Map.Entry<String, ConfigValue> e : new TreeMap<>(asMap(user)).entrySet()) {
      String path = e.getKey();
      String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
      if (top.equals(GRID) || top.equals(SPARK)) {
        if (!path.contains(".")) {
          problems.add(at(e.getValue()) + path + ": expected an object of keys, got a value");
        }
        continue;
      }
      if (!SECTIONS.contains(top) || !reference.hasPath(path)) {
        problems.add(at(e.getValue()) + path + ": unknown key" + Suggest.hint(path, known()));
      }
    }
  }

  private static Optional<Object> read(Config full, SpecField f, List<String> problems) {
    try {
      ConfigValue v = full.getValue(f.key());
      return Optional.of(Values.convert(f, v));
    } catch (Values.BadValue e) {
      problems.add(e.getMessage());
    } catch (ConfigException e) {
      problems.add(f.key() + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  private static List<Axis> readAxes(Config full, Config user, List<String> problems) {
    List<Axis> axes = new ArrayList<>();
    if (full.hasPath(GRID)) {
      Config grid;
      try {
        grid = full.getConfig(GRID);
      } catch (ConfigException e) {
        problems.add(at(full.getValue(GRID)) + "grid: expected an object of axes");
        return axes;
      }
      for (Map.Entry<String, ConfigValue> e : new TreeMap<>(asMap(grid)).entrySet()) {
        axis(e.getKey(), GRID + "." + e.getKey(), e.getValue(), problems).ifPresent(axes::add);
      }
    }
    boolean gridSeeds = axes.stream().anyMatch(a -> a.key().equals(SpecFields.SEED));
    if (gridSeeds && user.hasPath("run.seeds")) {
      problems.add(
          at(user.getValue("run.seeds"))
              + "run.seeds: set either run.seeds or grid.seed, not both");
    } else if (!gridSeeds) {
      axis(SpecFields.SEED, "run.seeds", full.getValue("run.seeds"), problems).ifPresent(axes::add);
    }
    return axes;
  }

  private static Optional<Axis> axis(
      String key, String path, ConfigValue value, List<String> problems) {
    var field = SpecFields.byKey(key);
    if (field.isEmpty()) {
      problems.add(at(value) + path + ": unknown grid axis" + Suggest.hint(key, axisKeys()));
      return Optional.empty();
    }
    if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
      problems.add(
          at(value)
              + path
              + ": expected a non-empty list of values for "
              + key
              + ", got "
              + Values.show(value));
      return Optional.empty();
    }
    List<Object> values = new ArrayList<>();
    for (ConfigValue v : (ConfigList) value) {
      try {
        values.add(Values.convert(field.get(), v, path));
      } catch (Values.BadValue e) {
        problems.add(e.getMessage());
      }
    }
    return values.size() == ((ConfigList) value).size()
        ? Optional.of(new Axis(key, values))
        : Optional.empty();
  }

  private static RunSettings readRun(Config full, List<String> problems) {
    try {
      Map<String, String> spark = new TreeMap<>();
      if (full.hasPath(SPARK)) {
        for (Map.Entry<String, ConfigValue> e : asMap(full.getConfig(SPARK)).entrySet()) {
          spark.put(SPARK + "." + e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
      }
      RunSettings run =
          new RunSettings(
              full.getString("run.name"),
              full.getInt("run.coresPerTrial"),
              full.getInt("run.maxFailures"),
              scheduling(full),
              trialsPerTask(full),
              full.getInt("run.maxTrialsPerTask"),
              full.getBoolean("run.checkpoints"),
              full.getDouble("run.minCheckpointSeconds"),
              full.getString("run.runner"),
              spark);
      checkRunner(full, run.runner(), problems);
      return run;
    } catch (ConfigException e) {
      problems.add(e.getMessage());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return null;
  }

  /** {@code run.scheduling}: {@code queue} or {@code tasks}. */
  private static RunSettings.Scheduling scheduling(Config full) {
    ConfigValue v = full.getValue("run.scheduling");
    String text = String.valueOf(v.unwrapped()).trim();
    for (RunSettings.Scheduling s : RunSettings.Scheduling.values()) {
      if (s.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        at(v) + "run.scheduling: expected 'queue' or 'tasks', got '" + v.unwrapped() + "'");
  }

  /** {@code run.trialsPerTask}: {@code auto} or a count. */
  private static int trialsPerTask(Config full) {
    ConfigValue v = full.getValue("run.trialsPerTask");
    String text = String.valueOf(v.unwrapped()).trim();
    if (text.equals("auto")) {
      return RunSettings.AUTO;
    }
    if (text.matches("[0-9]{1,9}") && Integer.parseInt(text) >= 1) {
      return Integer.parseInt(text);
    }
    throw new IllegalArgumentException(
        at(v)
            + "run.trialsPerTask: expected 'auto' or an integer >= 1, got '"
            + v.unwrapped()
            + "'");
  }

  /** The runner is loaded on executors; a typo would otherwise fail every task there. */
  private static void checkRunner(Config full, String runner, List<String> problems) {
    try {
      Class<?> c = Class.forName(runner, false, ConfigLoader.class.getClassLoader());
      if (!TrialExecutor.class.isAssignableFrom(c)) {
        problems.add(
            at(full.getValue("run.runner"))
                + "run.runner: expected a class implementing "
                + TrialExecutor.class.getName()
                + ", got "
                + runner);
      }
    } catch (ClassNotFoundException | LinkageError e) {
      problems.add(
          at(full.getValue("run.runner"))
              + "run.runner: expected a TrialExecutor class on the classpath, got "
              + runner
              + " (not found)");
    }
  }

  /** Adds the file and line to a record's message that starts with a key the user set. */
  private static String withOrigin(String problem, Config user) {
    for (SpecField f : SpecFields.all()) {
      if (problem.startsWith(f.key() + " ")) {
        // A grid axis's value is the likelier culprit than the base value it replaces.
        for (String path : List.of(GRID + "." + f.key(), f.key())) {
          if (user.hasPath(path)) {
            return at(user.getValue(path)) + problem;
          }
        }
      }
    }
    return problem;
  }

  static String at(ConfigValue v) {
    ConfigOrigin o = v.origin();
    if (o.filename() != null && o.lineNumber() > 0) {
      return o.filename() + ":" + o.lineNumber() + ": ";
    }
    String d = o.description();
    // "--set k=v: 1": the line of a one-line override says nothing.
    return (d.startsWith("--set") ? d.replaceFirst(": \\d+$", "") : d.replace(": ", ":")) + ": ";
  }

  private static Map<String, ConfigValue> asMap(Config c) {
    Map<String, ConfigValue> m = new LinkedHashMap<>();
    c.entrySet().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  private static List<String> known() {
    List<String> keys = new ArrayList<>();
    reference().entrySet().forEach(e -> keys.add(e.getKey()));
    return keys;
  }

  private static List<String> axisKeys() {
    return SpecFields.all().stream().map(SpecField::key).toList();
  }

  private static Config withOverrides(Config user, List<String> overrides) {
    Config c = user;
    for (String o : overrides) {
      c =
          parse(() -> ConfigFactory.parseString(o, strict().setOriginDescription("--set " + o)))
              .withFallback(c);
    }
    return c;
  }

  private static ConfigParseOptions strict() {
    return ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);
  }

  private static Config parse(java.util.function.Supplier<Config> parser) {
    try {
      return parser.get();
    } catch (ConfigException e) {
      throw new GridException(List.of(e.getMessage()));
    }
  }

  private static String render(Config full) {
    Config ours = ConfigFactory.empty();
    for (String s : SECTIONS) {
      if (full.hasPath(s)) {
        ours = ours.withFallback(full.withOnlyPath(s));
      }
    }
    return ours.root().render(ConfigRenderOptions.concise().setFormatted(true));
  }
}
