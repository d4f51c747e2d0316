package dev.initlab.training;

/** The classifier put on the ResNet18 body. */
public enum HeadType {
    /** fastai's {@code create_head}: concat pool, BatchNorm, dropout, two bias-free linears. */
    FASTAI,
    /** torchvision's own: average pool and one linear layer with bias. */
    LINEAR
}
