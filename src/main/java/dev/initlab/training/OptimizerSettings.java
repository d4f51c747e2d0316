package dev.initlab.training;

/**
 * The numbers of fastai's {@code Adam} and {@code fit_one_cycle} besides lr_max and weight decay. Every
 * experiment stores its own, {@link #FASTAI} unless its spec overrides them; training reads them from here.
 *
 * @param adamBeta2      Adam's {@code sqr_mom}: decay of the squared-gradient average
 * @param adamEps        added to the root of the squared-gradient average
 * @param momentumHigh   beta1 at the start and the end of the cycle
 * @param momentumLow    beta1 at the top of the learning rate
 * @param pctStart       the share of the batches over which the learning rate rises
 * @param divFactor      the learning rate starts at lr_max / divFactor
 * @param finalDivFactor the learning rate ends at lr_max / finalDivFactor
 */
public record OptimizerSettings(double adamBeta2, double adamEps, double momentumHigh, double momentumLow,
                                double pctStart, double divFactor, double finalDivFactor) {

    /** fastai's defaults: {@code Adam(sqr_mom=0.99, eps=1e-5)}, {@code fit_one_cycle(pct_start=0.25, div=25, div_final=1e5, moms=(0.95, 0.85, 0.95))}. */
    public static final OptimizerSettings FASTAI = new OptimizerSettings(0.99, 1e-5, 0.95, 0.85, 0.25, 25.0, 1e5);
}
