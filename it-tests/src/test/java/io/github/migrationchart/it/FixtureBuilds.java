package io.github.migrationchart.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Maven builds that tests start themselves, on copies of the invoker's fixture and example projects. */
final class FixtureBuilds {
    private FixtureBuilds() {}

    /** Maven (the project's wrapper), offline, in batch mode, in the given project. */
    static Command.Result maven(Path project, Map<String, String> environment, String... arguments) {
        Path wrapper = Path.of("..", "mvnw").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(wrapper.toString(), "-B", "-o", "-f", project.resolve("pom.xml").toString()));
        String localRepository = System.getProperty("it.localRepository", "");
        if (!localRepository.isEmpty()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        command.addAll(List.of(arguments));
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("MAVEN_OPTS", "");
        return new Command(command, env).run(Duration.ofMinutes(5));
    }

    /** The invoker's copy of a fixture (its POM filtered), without its build output, in a new directory. */
    static Path copyFixture(String fixture, Path tmp) {
        return copyTree(Charts.fixture(fixture), tmp.resolve(fixture));
    }

    /** A copy of an example project as the invoker left it, without its build output. */
    static Path copyExample(String example, Path tmp) {
        return copyTree(Charts.example(example), tmp.resolve(example));
    }

    private static Path copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path relative = source.relativize(path);
                if (relative.startsWith("target") || relative.toString().equals("build.log")) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target.resolve(relative.toString()));
                } else {
                    Files.copy(path, target.resolve(relative.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
