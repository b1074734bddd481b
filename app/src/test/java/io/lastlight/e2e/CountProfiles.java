package io.lastlight.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** Run in a child JVM whose working directory is the dataset folder: plain DuckDB, no search path set. */
public final class CountProfiles {
    private CountProfiles() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0]);
             ResultSet rs = c.createStatement().executeQuery("select count(*) from profiles")) {
            rs.next();
            System.out.println(rs.getLong(1));
        }
    }
}
