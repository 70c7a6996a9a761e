package org.vigil.auth.identity;

import java.util.List;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/** The roles a client acts with on its own behalf (client_credentials), kept in its client settings. */
public final class ClientRoles {

    static final String SETTING = "settings.client.vigil.roles";

    private ClientRoles() {
    }

    static ClientSettings.Builder put(ClientSettings.Builder settings, List<String> roles) {
        return settings.setting(SETTING, List.copyOf(roles));
    }

    public static List<String> of(RegisteredClient client) {
        List<String> roles = client.getClientSettings().getSetting(SETTING);
        return roles == null ? List.of() : roles;
    }
}
