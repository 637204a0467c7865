package io.github.migrationchart.core.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a chart specification has problems; carries every problem found, not just the first. */
public final class InvalidChartSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidChartSpecException(List<Problem> problems) {
        super(problems.size() + " problem(s) in the chart specification:\n" + problems.stream()
                .map(p -> "  - " + p)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
