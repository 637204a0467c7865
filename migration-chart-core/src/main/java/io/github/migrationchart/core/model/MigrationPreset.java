package io.github.migrationchart.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The non-interactive migration command of common tools, so that one word configures a correct
 * Job. Every part is a default: a command, args or env entry given explicitly wins over the preset's.
 */
public enum MigrationPreset {
    /** No preset: the command or args must be given. */
    NONE(false, "", List.of(), List.of(), Map.of(), Map.of(),
            "nothing"),
    LARAVEL(false, "laravel", List.of(), List.of("php", "artisan", "migrate", "--force"), Map.of(), Map.of(),
            "DB_CONNECTION, DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD (Laravel's database settings)"),
    FLYWAY(true, "flyway", List.of("flyway"), List.of("migrate"), Map.of(), Map.of(),
            "FLYWAY_URL (jdbc:postgresql://host:5432/db), FLYWAY_USER, FLYWAY_PASSWORD; the image holds the migrations"
                    + " at FLYWAY_LOCATIONS (default filesystem:/flyway/sql in the flyway/flyway image)",
            RunAsUser.of(RunAsUser.NONROOT, RunAsUser.NONROOT),
            "the official flyway/flyway image has no USER, so it would run as root; its files are world-readable,"
                    + " so any non-root uid runs it, and 65532 (the distroless \"nonroot\" uid) is owned by no user of the image"),
    LIQUIBASE(true, "liquibase", List.of("liquibase"), List.of("update"),
            Map.of("LIQUIBASE_ANALYTICS_ENABLED", "false", "LIQUIBASE_SHOW_BANNER", "false"), Map.of(),
            "LIQUIBASE_COMMAND_URL, LIQUIBASE_COMMAND_USERNAME, LIQUIBASE_COMMAND_PASSWORD,"
                    + " LIQUIBASE_COMMAND_CHANGELOG_FILE (relative to LIQUIBASE_SEARCH_PATH)",
            RunAsUser.of(1001, 1001),
            "the official liquibase/liquibase image runs as USER liquibase, a name the kubelet cannot check,"
                    + " created with useradd --uid 1001 --gid 1001 liquibase"),
    DJANGO(true, "django", List.of(), List.of("python", "manage.py", "migrate", "--noinput"), Map.of(), Map.of(),
            "DJANGO_SETTINGS_MODULE and the database settings your settings module reads"),
    RAILS(false, "rails", List.of(), List.of("bin/rails", "db:migrate"), Map.of(), Map.of(),
            "DATABASE_URL and RAILS_ENV (e.g. production), plus SECRET_KEY_BASE or RAILS_MASTER_KEY"),
    ALEMBIC(true, "alembic", List.of(), List.of("alembic", "upgrade", "head"), Map.of(), Map.of(),
            "the database URL your env.py reads (commonly DATABASE_URL or SQLALCHEMY_URL)"),
    PRISMA(false, "prisma", List.of(), List.of("npx", "prisma", "migrate", "deploy"), Map.of(), Map.of(),
            "DATABASE_URL (the datasource url of schema.prisma); the prisma CLI must be in the image, not fetched at run time"),
    GOLANG_MIGRATE(true, "golang-migrate", List.of("migrate"),
            List.of("-path", "/migrations", "-database", "$(DATABASE_URL)", "up"), Map.of(), Map.of(),
            "DATABASE_URL (e.g. postgres://user:pass@host:5432/db?sslmode=require); migrations at /migrations in the image",
            RunAsUser.of(RunAsUser.NONROOT, RunAsUser.NONROOT),
            "the official migrate/migrate image (alpine) has no USER, so it would run as root; its migrate binary is"
                    + " world-executable, so any non-root uid runs it, and 65532 (the distroless \"nonroot\" uid) is owned by no user of the image"),
    SPRING_BOOT_FLYWAY(true, "spring-boot-flyway", List.of(), List.of(),
            Map.of("SPRING_MAIN_WEB_APPLICATION_TYPE", "none", "SPRING_FLYWAY_ENABLED", "true"),
            Map.of("SPRING_FLYWAY_ENABLED", "false"),
            "SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD; the application must exit"
                    + " once started without a web server (no non-daemon threads such as schedulers or listeners)"),
    SPRING_BOOT_LIQUIBASE(true, "spring-boot-liquibase", List.of(), List.of(),
            Map.of("SPRING_MAIN_WEB_APPLICATION_TYPE", "none", "SPRING_LIQUIBASE_ENABLED", "true"),
            Map.of("SPRING_LIQUIBASE_ENABLED", "false"),
            "SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD; the application must exit"
                    + " once started without a web server (no non-daemon threads such as schedulers or listeners)");

    private final boolean readOnlyRootFilesystem;
    private final String id;
    private final List<String> command;
    private final List<String> args;
    private final Map<String, String> env;
    private final Map<String, String> appEnv;
    private final String requires;
    private final RunAsUser imageUser;
    private final String imageUserReason;

    /** A preset that runs the user's own image, whose uid it cannot know. */
    MigrationPreset(boolean readOnlyRootFilesystem, String id, List<String> command, List<String> args, Map<String, String> env,
                    Map<String, String> appEnv, String requires) {
        this(readOnlyRootFilesystem, id, command, args, env, appEnv, requires, RunAsUser.UNKNOWN,
                "the tool runs in your own image, whose user only you know");
    }

    MigrationPreset(boolean readOnlyRootFilesystem, String id, List<String> command, List<String> args, Map<String, String> env,
                    Map<String, String> appEnv, String requires, RunAsUser imageUser, String imageUserReason) {
        this.readOnlyRootFilesystem = readOnlyRootFilesystem;
        this.id = id;
        this.command = command;
        this.args = args;
        this.env = Collections2.sorted(env);
        this.appEnv = Collections2.sorted(appEnv);
        this.requires = requires;
        this.imageUser = imageUser;
        this.imageUserReason = imageUserReason;
    }

    /** The name used in the POM, e.g. {@code spring-boot-flyway}; empty for {@link #NONE}. */
    public String id() {
        return id;
    }

    /** Container command; empty keeps the image's entrypoint. */
    public List<String> command() {
        return command;
    }

    public List<String> args() {
        return args;
    }

    /** Environment of the migration container. */
    public Map<String, String> env() {
        return env;
    }

    /** Environment the application itself needs next to this preset, e.g. migrate-on-start switched off. */
    public Map<String, String> appEnv() {
        return appEnv;
    }

    /** What the user must provide, for documentation and error messages. */
    public String requires() {
        return requires;
    }

    /**
     * A uid and gid that start the tool's official image under {@code runAsNonRoot: true}, or
     * {@link RunAsUser#UNKNOWN} for presets that run the user's own image. The kubelet refuses an
     * image whose USER is a name or root unless the pod names a numeric user.
     */
    public RunAsUser imageUser() {
        return imageUser;
    }

    /** Why {@link #imageUser()} is what it is, in one sentence without a final period, for docs and comments. */
    public String imageUserReason() {
        return imageUserReason;
    }

    /**
     * Whether the tool runs with a read-only root filesystem (it writes nothing outside /tmp).
     * Laravel, Rails and Prisma write caches or logs into the application directory; a custom
     * command might too, so both default to a writable root.
     */
    public boolean readOnlyRootFilesystem() {
        return readOnlyRootFilesystem;
    }

    /**
     * Args of the migration Job while a contract phase runs: the tool's own way to leave the contract
     * migrations out, or {@link #args()} when it has none. Liquibase is the one preset whose tool has
     * the concept (contexts: the contract change sets carry {@code context="contract"}). The others
     * exit 1 for every failure and have no notion of a second pass: Flyway, Django, Rails, Laravel,
     * Alembic, Prisma, golang-migrate and Spring Boot need the contract command given.
     */
    public List<String> expandArgs() {
        return this == LIQUIBASE ? List.of("update", "--context-filter=!contract") : args;
    }

    /** Args of the contract Job, when the tool has the concept ({@link #expandArgs()}); else empty. */
    public List<String> contractArgs() {
        return this == LIQUIBASE ? List.of("update", "--context-filter=contract") : List.of();
    }

    /**
     * A command that exits 0 once the database answers and changes nothing, for the
     * wait-for-database init container; empty where the tool has no such command that is proven
     * here on a real node (Rails, Prisma, golang-migrate's {@code version} fails on an empty
     * database, Spring Boot images have no shell). None of the tools tells "database not reachable"
     * from "migration failed" by its exit code (all exit 1), which is why the wait is a step of its
     * own instead of a pod failure policy rule on exit codes.
     */
    public List<String> databaseCheck() {
        return switch (this) {
            case FLYWAY -> List.of("flyway", "info");
            case LIQUIBASE -> List.of("liquibase", "status");
            case DJANGO -> List.of("python", "manage.py", "migrate", "--plan");
            case ALEMBIC -> List.of("alembic", "current");
            case LARAVEL -> List.of("php", "-r", LARAVEL_DATABASE_CHECK);
            default -> List.of();
        };
    }

    /** PDO with Laravel's DB_* settings: connects to MySQL, MariaDB or PostgreSQL and says why it could not. */
    private static final String LARAVEL_DATABASE_CHECK = "$c = getenv('DB_CONNECTION') ?: 'mysql';"
            + " if ($c === 'sqlite') { exit(0); }"
            + " $dsn = ($c === 'pgsql' ? 'pgsql' : 'mysql') . ':host=' . getenv('DB_HOST') . ';port=' . getenv('DB_PORT')"
            + " . ';dbname=' . getenv('DB_DATABASE');"
            + " try { new PDO($dsn, getenv('DB_USERNAME'), getenv('DB_PASSWORD')); }"
            + " catch (Throwable $e) { fwrite(STDERR, $e->getMessage() . PHP_EOL); exit(1); }";

    /** Whether the Job runs the image's own entrypoint (the application with migration-only settings). */
    public boolean runsImageEntrypoint() {
        return this != NONE && command.isEmpty() && args.isEmpty();
    }

    /** The preset with this POM name. */
    public static Optional<MigrationPreset> byId(String id) {
        return Arrays.stream(values()).filter(p -> p != NONE && p.id.equals(id)).findFirst();
    }

    /** The POM names of every preset, sorted. */
    public static List<String> ids() {
        return Arrays.stream(values()).filter(p -> p != NONE).map(MigrationPreset::id).sorted().toList();
    }
}
