package dev.analytics.events;

import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type carries a {@code @Revision}, so that a later change to it can be told apart from what is stored
 * and upcast (STYLE.md: a real change gets a new revision and an upcaster). The package is scanned, so a new event
 * without one fails here rather than after it has been stored.
 */
class EveryEventHasARevisionTest {

    /** Types in the package that are parts of events, never stored on their own. */
    static final Set<Class<?>> VALUE_TYPES = Set.of(AdminActor.class);

    static List<Class<?>> typesInThePackage() throws IOException, URISyntaxException {
        Path root = Path.of(UserImported.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(UserImported.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .<Class<?>>map(name -> load(UserImported.class.getPackageName() + "."
                            + name.substring(0, name.length() - ".class".length())))
                    .toList();
        }
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyEventTypeInThePackageCarriesARevision() throws Exception {
        List<Class<?>> types = typesInThePackage();
        assertThat(types).as("the scan finds the events").contains(UserImported.class, PageViewRecorded.class);

        List<String> withoutRevision = types.stream()
                .filter(type -> !VALUE_TYPES.contains(type))
                .filter(type -> type.getAnnotation(Revision.class) == null)
                .map(Class::getSimpleName)
                .toList();

        assertThat(withoutRevision).as("events without @Revision").isEmpty();
    }
}
