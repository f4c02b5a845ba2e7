package com.allthemuchbakeshop.storefront.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Several statements that must all happen or none: one SQLite transaction. */
final class Transactions {

    /** Database work that may throw SQLException. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /** Runs {@code work} in one transaction; {@code what} completes "could not ..." in errors. */
    static <T> T inTransaction(DataSource db, String what, Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("could not " + what, e);
        }
    }
}
