package io.github.migrationchart.examples.orders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Which schema versions the database has, as the migration Job left them. */
@RestController
class SchemaController {
    private final JdbcTemplate jdbc;

    SchemaController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/schema")
    Map<String, List<String>> schema() {
        return Map.of("versions", jdbc.queryForList(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank",
                String.class));
    }
}
