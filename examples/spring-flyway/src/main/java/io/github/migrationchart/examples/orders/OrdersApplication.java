package io.github.migrationchart.examples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders service. In its pods it serves HTTP; in the migration Job (the
 * {@code spring-boot-flyway} preset: no web server, Flyway on) it migrates the schema and exits.
 */
@SpringBootApplication
public class OrdersApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
