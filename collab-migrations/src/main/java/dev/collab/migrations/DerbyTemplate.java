package dev.collab.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Derby database with every migration of a schema applied, built by {@code mvn package}
 * ({@link #main}) and carried in the bundle beside the scripts. A fresh data folder gets a copy
 * of it instead of having a cold Derby create its catalogs and compile and run each migration's
 * statements at the first start (about 2 s of a fresh container's start on 2 cores, for the
 * suite's and the host's database together). Only a folder without a database gets it; the
 * migrations run after the copy as at every start, so a build without a template, or a template
 * behind its scripts, still ends at the current schema. The template holds the schema and the
 * version row only: no account, no tenant, no secret.
 */
public final class DerbyTemplate {
    /** The template's resource name, beside the schema's scripts. */
    public static final String RESOURCE = "derby-template.zip";
    private static final Logger LOG = LoggerFactory.getLogger(DerbyTemplate.class);

    private DerbyTemplate() {
    }

    /**
     * Copies the schema's template (beside its scripts) to {@code location} if nothing is there
     * yet and the bundle carries a template. A copy that fails is logged and left to Derby, which
     * then creates the database as it would without a template.
     *
     * @return whether the database now at {@code location} is the template's copy
     */
    public static boolean restoreIfAbsent(Migrations schema, Path location) {
        URL template = schema.scriptsBeside().getResource(RESOURCE);
        if (template == null) {
            return false;
        }
        String database = schema.database();
        String named = Character.toUpperCase(database.charAt(0)) + database.substring(1);
        try {
            if (restore(template, location)) {
                LOG.info("{} created from the build's template at {}", named, location);
                return true;
            }
        } catch (IOException e) {
            LOG.warn("Copying the {} template to {} failed; Derby creates the database instead", database, location, e);
        }
        return false;
    }

    /**
     * Unpacks the template into a folder beside {@code location} and moves it there in one step:
     * a start that dies half-way leaves no half database behind, and of two processes starting on
     * one fresh folder only one move succeeds (Derby's lock then refuses the second boot). The
     * files are forced to the disk before the move, as Derby's own would have been.
     */
    static boolean restore(URL template, Path location) throws IOException {
        if (Files.exists(location)) {
            return false;
        }
        Path parent = location.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path unpacked = Files.createTempDirectory(parent, location.getFileName() + ".template-");
        try {
            try (ZipInputStream zip = new ZipInputStream(template.openStream())) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    Path to = unpacked.resolve(entry.getName()).normalize();
                    if (!to.startsWith(unpacked) || to.equals(unpacked)) {
                        throw new IOException("The database template's entry " + entry.getName() + " lies outside its folder");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        write(zip, to);
                    }
                }
            }
            forceFolders(unpacked);
            try {
                Files.move(unpacked, location, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another start got there first
                return false;
            }
            force(parent);
            return true;
        } finally {
            deleteIfPresent(unpacked);
        }
    }

    private static void write(InputStream in, Path to) throws IOException {
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            out.force(true);
        }
    }

    /** The folders' entries are durable too: a file forced into a folder whose entry is lost is lost. */
    private static void forceFolders(Path root) throws IOException {
        List<Path> folders;
        try (Stream<Path> all = Files.walk(root)) {
            folders = all.filter(Files::isDirectory).toList();
        }
        for (Path folder : folders) {
            force(folder);
        }
    }

    private static void force(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system lets a folder be opened to force it; the files themselves were forced
        }
    }

    private static void deleteIfPresent(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> all = Files.walk(root)) {
            paths = all.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    /**
     * Build time: writes the template of a schema into the classes folder, beside its scripts.
     * Runs in its own JVM with Derby on the class path (see the bundles' poms).
     *
     * @param args the class holding the schema's {@link Migrations} in a static field, the field's
     *     name, and the classes folder
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: DerbyTemplate <class> <static Migrations field> <classes folder>");
        }
        Field field = Class.forName(args[0]).getDeclaredField(args[1]);
        field.setAccessible(true);
        Migrations migrations = (Migrations) field.get(null);
        Path classes = Path.of(args[2]);
        Path zip = classes.resolve(migrations.scriptsBeside().getPackageName().replace('.', '/')).resolve(RESOURCE);
        write(migrations, zip);
        System.out.println("Database template " + zip + ": " + Files.size(zip) / 1024 + " KB, schema version " + migrations.version());
    }

    /** Creates the schema's database in a fresh folder, shuts it down cleanly and zips the folder. */
    static void write(Migrations migrations, Path zip) throws SQLException, IOException {
        Path work = Files.createTempDirectory("collab-derby-template-");
        try {
            Path db = work.resolve("db");
            if (System.getProperty("derby.stream.error.file") == null) {
                System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
            }
            try (Connection c = DriverManager.getConnection("jdbc:derby:" + db + ";create=true")) {
                migrations.migrate(c);
            }
            try {
                DriverManager.getConnection("jdbc:derby:" + db + ";shutdown=true").close();
            } catch (SQLException expected) {
                if (!"08006".equals(expected.getSQLState())) {
                    throw expected;
                }
            }
            Files.createDirectories(zip.getParent());
            zip(db, zip);
        } finally {
            deleteIfPresent(work);
        }
    }

    /** The folder's files in name order. */
    private static void zip(Path folder, Path zip) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder)) {
            all.filter(p -> !p.equals(folder)).sorted().forEach(paths::add);
        }
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Path path : paths) {
                String name = folder.relativize(path).toString().replace('\\', '/');
                boolean directory = Files.isDirectory(path);
                ZipEntry entry = new ZipEntry(directory ? name + "/" : name);
                out.putNextEntry(entry);
                if (!directory) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
    }
}
