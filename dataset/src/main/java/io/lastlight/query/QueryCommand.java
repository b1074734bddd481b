package io.lastlight.query;

import io.lastlight.core.UsageException;
import io.lastlight.core.UserException;
import io.lastlight.derive.DuckDb;
import io.lastlight.schema.DatasetSchema;
import io.lastlight.schema.TableSchema;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lastlight query}: canned or ad-hoc SQL against a dataset's views. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Answer a question from a dataset: a canned query by NAME, or your own SQL with --sql.",
                "--list shows the canned queries, the values each parameter accepts, and the views (one per table of "
                + "the dataset schema) your SQL can read."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  runtime failure (e.g. not a dataset, SQL error)",
                "  2  bad usage (e.g. unknown query or parameter, a value it does not accept)"})
public final class QueryCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DATASET", description = "Dataset directory built by 'lastlight build'.")
    Path dataset;

    static final class What {
        @Parameters(paramLabel = "NAME", completionCandidates = NamedQuery.Names.class,
                description = "Canned query: ${COMPLETION-CANDIDATES}.")
        String name;

        @Option(names = "--sql", paramLabel = "SQL", description = "Your own SQL (read-only) against the views.")
        String sql;

        @Option(names = "--list", description = "List the canned queries and their parameters.")
        boolean list;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    ResultPrinter.Format format;

    @Option(names = "--limit", paramLabel = "N", description = "Sets the query's 'limit' parameter.")
    Integer limit;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Sets a query parameter (repeatable), e.g. --param period=day.")
    Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        if (what.list) {
            for (String n : NamedQuery.NAMES) {
                NamedQuery q = NamedQuery.load(n);
                out.println(n + ": " + q.description());
                q.params().values().forEach(p -> out.println("    --param " + p.name() + "=" + p.defaultValue() + "  (" + p.accepts() + ") " + p.description()));
            }
            out.println("views for --sql: " + String.join(", ", views()));
            return 0;
        }
        if (dataset == null) throw new UsageException("--dataset DATASET is required (a folder built by 'lastlight build')");
        ResultPrinter.print(run(dataset, what.name, what.sql, limit, params), format, out);
        return 0;
    }

    /** The views a dataset offers to SQL: one per table of the bundled dataset schema, the same list the build writes. */
    static java.util.List<String> views() {
        return DatasetSchema.bundled().tables().stream().map(TableSchema::name).toList();
    }

    /** Runs a canned query (name) or ad-hoc SQL; used by the CLI, the demo and tests. */
    public static ResultTable run(Path dataset, String name, String sql, Integer limit, Map<String, String> params)
            throws SQLException {
        // A wrong query name or parameter is bad usage whatever the dataset: checked before it is opened.
        NamedQuery q = null;
        Map<String, String> values = new LinkedHashMap<>(params);
        if (sql == null) {
            q = NamedQuery.load(name);
            if (limit != null) {
                if (!q.params().containsKey("limit")) throw new UsageException("query " + name + " takes no --limit");
                values.put("limit", Integer.toString(limit));
            }
            q.values(values);
        }
        try (Connection c = Dataset.open(dataset)) {
            if (sql != null) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    return ResultTable.read(rs);
                } catch (SQLException e) {
                    throw new UserException("the SQL failed: " + DuckDb.errorMessage(e)
                            + " (views: " + String.join(", ", views()) + ")", e);
                }
            }
            try (PreparedStatement ps = q.prepare(c, values); ResultSet rs = ps.executeQuery()) {
                return ResultTable.read(rs);
            } catch (SQLException e) {
                if (String.valueOf(e.getMessage()).contains("Table with name annotations does not exist")) {
                    throw new UserException("query " + name + " needs human annotations and " + dataset + " has none yet: run "
                            + "'lastlight label sample', fill in human_label, then 'lastlight label import'", e);
                }
                throw new UserException("query " + name + " failed: " + DuckDb.errorMessage(e)
                        + " (check its --param values with 'lastlight query --list'; a dataset built by an older lastlight may lack"
                        + " the tables it reads: rebuild it with 'lastlight build')", e);
            }
        }
    }
}
