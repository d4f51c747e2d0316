package dev.initlab.experiment;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One arm of the comparison: a name and the gamma every block's bn2 starts with. */
@Entity
@Table(name = "variants")
public class Variant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "experiment_id")
    private Experiment experiment;

    /** The variant's place in its experiment; only Experiment's @OrderBy reads it. */
    private int position;
    private String name;
    private double bn2Gamma;

    protected Variant() {
    }

    Variant(Experiment experiment, int position, String name, double bn2Gamma) {
        this.experiment = experiment;
        this.position = position;
        this.name = name;
        this.bn2Gamma = bn2Gamma;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public double getBn2Gamma() {
        return bn2Gamma;
    }
}
