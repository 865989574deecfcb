package dev.collab.host.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.util.converter.Converters;

/** Opens and closes a real {@link HostStore} (embedded Derby) in a folder, for the tests of this bundle. */
final class TestStore {
    static {
        // Derby reads these once, when its engine boots: keep its log in target/ rather than in a
        // temporary folder deleted under it, and skip fsyncs that only matter after a power cut.
        if (System.getProperty("derby.system.durability") == null) {
            System.setProperty("derby.system.durability", "test");
        }
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", Path.of("target", "derby-tests.log").toAbsolutePath().toString());
        }
    }

    private TestStore() {
    }

    static HostStore open(Path dataDir) {
        return new HostStore(config(dataDir.toString()));
    }

    static void close(HostStore store) {
        if (store != null) {
            store.close();
        }
    }

    static HostStoreConfiguration config(String dataDir) {
        return Converters.standardConverter().convert(Map.of("dataDir", dataDir)).to(HostStoreConfiguration.class);
    }
}
