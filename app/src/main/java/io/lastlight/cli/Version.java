package io.lastlight.cli;

import picocli.CommandLine;

final class Version {
    private Version() {}

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {io.lastlight.core.Version.software() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
