package dev.initlab.queue;

import java.sql.ResultSet;
import java.sql.SQLException;

import dev.initlab.experiment.Recipe;

/** The part of a recipe that decides how long one of its runs trains. */
record Workload(String dataset, int imageSize, int epochs, int batchSize, String head, Integer trainLimit,
                Integer validLimit) {

    static Workload of(Recipe recipe) {
        return new Workload(recipe.dataset(), recipe.imageSize(), recipe.epochs(), recipe.batchSize(), recipe.head(),
                recipe.trainLimit(), recipe.validLimit());
    }

    /** From a row that holds the {@code experiments} columns of the same names. */
    static Workload read(ResultSet rs) throws SQLException {
        return new Workload(rs.getString("dataset"), rs.getInt("image_size"), rs.getInt("epochs"),
                rs.getInt("batch_size"), rs.getString("head"), (Integer) rs.getObject("train_limit"),
                (Integer) rs.getObject("valid_limit"));
    }
}
