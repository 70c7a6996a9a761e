package org.vigil.fhir.subscription;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * fhir-service has a database (subscriptions) since issue 5: every Spring test context gets the test PostgreSQL of
 * {@link VigilInfrastructure} as {@code VIGIL_DB_*}, at the lowest precedence, so that ITs written when the service
 * had no database (registering only Kafka) still start; an IT's own {@code spring.datasource.*} wins. Registered in
 * {@code META-INF/spring.factories}.
 */
public class TestDatabase implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            VigilInfrastructure.Database db = VigilInfrastructure.postgres();
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource("vigil-test-database",
                    Map.of("VIGIL_DB_URL", db.jdbcUrl(), "VIGIL_DB_USER", db.username(),
                            "VIGIL_DB_PASSWORD", db.password())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
