package io.lastlight.e2e;

import java.nio.file.Path;
import java.util.List;

/** The expected posts of {@link ParlerWebPagesBuildTest}, for the import test (same pages, same rows). */
public final class ParlerWebPagesBuildTestAccess {
    private ParlerWebPagesBuildTestAccess() {}

    public static List<String> expectedPosts() {
        return ParlerWebPagesBuildTest.EXPECTED_POSTS;
    }

    public static List<String> posts(Path dataset) throws Exception {
        return ParlerWebPagesBuildTest.posts(dataset);
    }
}
