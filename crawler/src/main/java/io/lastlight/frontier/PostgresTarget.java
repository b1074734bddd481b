package io.lastlight.frontier;

import io.lastlight.core.UserException;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where a shared frontier lives: {@code postgresql://[USER@]HOST[:PORT]/DB[?param=value&…]} (the driver's
 * parameters, e.g. {@code sslmode=require} or {@code currentSchema=crawl2}). The password never appears in
 * the URL (it would show in {@code ps}, logs and WARC metadata): it comes from the environment variable named
 * by {@code --password-env} (default {@code PGPASSWORD}) or, when that is unset, from {@code ~/.pgpass}
 * ({@code PGPASSFILE}), which the driver reads. The user defaults to {@code PGUSER}, then the login name; the
 * port to {@code PGPORT}, then 5432.
 */
public final class PostgresTarget {
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String query;
    private final String password;

    private PostgresTarget(String host, int port, String database, String user, String query, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.query = query;
        this.password = password;
    }

    /** Whether {@code text} names a PostgreSQL frontier (rather than a directory). */
    public static boolean isPostgres(String text) {
        return text != null && (text.startsWith("postgresql://") || text.startsWith("postgres://"));
    }

    /**
     * @param env the environment (System::getenv outside tests)
     * @param passwordEnv the variable holding the password (null: PGPASSWORD)
     */
    public static PostgresTarget parse(String url, Function<String, String> env, String passwordEnv) {
        String usage = "--frontier must look like postgresql://HOST[:PORT]/DATABASE (password from PGPASSWORD, ~/.pgpass"
                + " or --password-env), not '" + redact(url) + "'";
        if (!isPostgres(url)) throw new UserException(usage);
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new UserException(usage);
        }
        if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2 || u.getPath().indexOf('/', 1) >= 0) {
            throw new UserException(usage);
        }
        String user = u.getUserInfo();
        if (user != null && user.contains(":")) {
            throw new UserException("--frontier: do not put the password in the URL (it would show in ps and logs);"
                    + " export it in PGPASSWORD, put it in ~/.pgpass, or name a variable with --password-env");
        }
        if (user == null || user.isBlank()) user = env.apply("PGUSER");
        if (user == null || user.isBlank()) user = System.getProperty("user.name");
        int port = u.getPort();
        if (port < 0) {
            String p = env.apply("PGPORT");
            try {
                port = p == null || p.isBlank() ? 5432 : Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                throw new UserException("PGPORT='" + p + "' is not a port number");
            }
        }
        String var = passwordEnv == null ? "PGPASSWORD" : passwordEnv;
        if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UserException("--password-env takes the NAME of an environment variable, not a password");
        }
        String password = env.apply(var);
        if (passwordEnv != null && (password == null || password.isEmpty())) {
            throw new UserException("--password-env " + var + ": that environment variable is not set or empty");
        }
        return new PostgresTarget(u.getHost(), port, u.getPath().substring(1), user, u.getRawQuery(), password);
    }

    /** The URL as shown to people and stored: no password, ever. */
    public String display() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
    }

    /** Host, port and database only (for warcinfo). */
    public String where() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** A new connection (autocommit off); {@code application} names it in pg_stat_activity. */
    Connection connect(String application) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null && !password.isEmpty()) p.setProperty("password", password);
        p.setProperty("ApplicationName", application);
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "300");
        p.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + port + "/" + database + (query == null ? "" : "?" + query), p);
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public String toString() {
        return display();
    }

    private static String redact(String url) {
        return url == null ? "" : url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }
}
