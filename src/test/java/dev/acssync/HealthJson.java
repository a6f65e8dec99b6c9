package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading an /actuator/health answer. */
final class HealthJson {
    private HealthJson() {
    }

    /** Component sync/{@code id}: one of the service's own Camel health checks (dev.acssync.health). */
    static JsonNode check(JsonNode health, String id) {
        return health.path("components").path("sync").path("components").path(id);
    }
}
