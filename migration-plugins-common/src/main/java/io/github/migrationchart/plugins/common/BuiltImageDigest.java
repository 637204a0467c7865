package io.github.migrationchart.plugins.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.migrationchart.core.validation.ChartSpecValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The digest of the image the build produced, read from the file its image builder wrote: Jib's
 * {@code target/jib-image.json} (which also names the image, so a file left from another image is
 * noticed) or {@code jib-image.digest}, a {@code docker buildx build --metadata-file} JSON, or any
 * file holding a digest or a {@code repository@digest} reference.
 */
final class BuiltImageDigest {
    /**
     * What the file says.
     *
     * @param digest     the digest to pin, when the file has one for the chart's image
     * @param repository the image the file names, empty when it names none
     * @param problem    why it cannot be used, empty when it can
     */
    record Found(Optional<String> digest, String repository, String problem) {}

    private BuiltImageDigest() {}

    static Found read(Path file, String chartRepository) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return problem("cannot be read (" + e.getMessage() + ")");
        }
        String digest;
        String named;
        if (text.startsWith("{")) {
            JsonNode json;
            try {
                json = new ObjectMapper().readTree(text);
            } catch (IOException e) {
                return problem("is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            digest = firstText(json, "imageDigest", "containerimage.digest");
            named = firstText(json, "image", "image.name");
        } else {
            int at = text.lastIndexOf('@');
            digest = at < 0 ? text : text.substring(at + 1);
            named = at < 0 ? "" : text.substring(0, at);
        }
        if (!ChartSpecValidator.isImageDigest(digest)) {
            return problem("holds no image digest (sha256: and 64 hex digits) where one is expected");
        }
        String repository = withoutTag(named.split(",")[0].strip());
        if (!repository.isEmpty() && !repository.equals(chartRepository)) {
            return new Found(Optional.empty(), repository, "");
        }
        return new Found(Optional.of(digest), repository, "");
    }

    private static Found problem(String message) {
        return new Found(Optional.empty(), "", message);
    }

    private static String firstText(JsonNode json, String... fields) {
        for (String field : fields) {
            if (json.path(field).isTextual()) {
                return json.path(field).asText();
            }
        }
        return "";
    }

    /** {@code registry:5000/team/api:1.4.0} and {@code ...@sha256:...} without tag and digest. */
    static String withoutTag(String reference) {
        int at = reference.indexOf('@');
        String name = at < 0 ? reference : reference.substring(0, at);
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }
}
