package dev.analytics.server.role;

import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Leaves out what the process's {@link Role} does not run, so that those beans never exist: in the command role no
 * projection is registered, so Axon starts no event processor. As a {@link TypeExcludeFilter} bean it is followed by
 * both scans of the application, for components and for {@code @ConfigurationProperties}.
 */
public class RoleScanFilter extends TypeExcludeFilter {

    private final Role role;

    RoleScanFilter(Role role) {
        this.role = role;
    }

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        return !role.loads(reader.getClassMetadata().getClassName());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoleScanFilter filter && filter.role == role;
    }

    @Override
    public int hashCode() {
        return role.hashCode();
    }

    /**
     * Registers the filter before the scans run, and reads the role first of all: a value that is not a role stops
     * start-up before anything else happens. Listed in {@code META-INF/spring.factories}.
     */
    public static class Registration implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Role role = Role.of(context.getEnvironment());
            context.getBeanFactory().registerSingleton(RoleScanFilter.class.getName(), new RoleScanFilter(role));
        }
    }
}
