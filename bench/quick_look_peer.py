"""A plain-PyTorch speed peer for InitLab's "Quick look" benchmark.

It trains what QuickLookBenchmark (src/test/java/dev/initlab/queue/QuickLookBenchmark.java) trains:
Fashion-MNIST, 4,000 training / 2,000 validation images at 32 px, batch 64, 3 epochs, six runs
(seeds 0, 1, 2 x bn2 gamma 0 "zero-init" and 1 "one-init"), one after the other on the CPU, with the
same recipe (README, "Training, datasets and devices"): torchvision's resnet18 body, fastai's head,
fastai's one-cycle schedule and Adam (written out as fastai writes it, one parameter at a time). The images are InitLab's own: the uint8 pixel cache files
that PixelCache.java writes, read as they are, so both sides train on the same pixels.

Run it with Debian's Python (the one that has torch 1.13), against the folder that holds the cache:

    /usr/bin/python3 bench/quick_look_peer.py --cache-dir target/bench-data/cache

(QuickLookBenchmark leaves the cache there; --cache-dir also takes a data root with cache/ or
datasets/cache/ below it.) Smoke test, no cache:

    /usr/bin/python3 bench/quick_look_peer.py --synthetic --train 256 --valid 128 --epochs 1 --runs 1

It prints each run's epochs as `epoch | train_loss | valid_loss | accuracy | seconds` (fastai's table:
train_loss smoothed, seconds include validation), then the wall time of all runs and the median epoch
(picked as the Java picks it: the sorted list's element n // 2).
"""
import argparse
import glob
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MAGIC = 0x494C_5058_4331_0001  # PixelCache.MAGIC
HEADER = np.dtype([("magic", ">u8"), ("count", ">i4"), ("channels", ">i4"), ("side", ">i4")])  # Java: big-endian
ENTRY = np.dtype([("label", ">i4"), ("width", ">i4"), ("height", ">i4"), ("offset", ">i8")])
CLASSES = 10  # Fashion-MNIST


# ---------------------------------------------------------------- data (PixelCache.java, CachedSplit.java)

def find_cache_file(cache_dir, split, side, count):
    """PixelCache.fileName: fashion-mnist-<split>-<side>px-<count>-<12 hex of a hash of the chosen images>.u8."""
    for folder in (cache_dir, os.path.join(cache_dir, "cache"), os.path.join(cache_dir, "datasets", "cache")):
        exact = sorted(glob.glob(os.path.join(folder, f"fashion-mnist-{split}-{side}px-{count}-*.u8")))
        if len(exact) > 1:
            raise SystemExit(f"several cache files for {split} {count} in {folder}: {exact}")
        if exact:
            return exact[0], count
        bigger = [(int(os.path.basename(p).split("-")[4]), p)
                  for p in glob.glob(os.path.join(folder, f"fashion-mnist-{split}-{side}px-*-*.u8"))]
        bigger = sorted(b for b in bigger if b[0] > count)
        if bigger:  # for smoke tests only: a prefix is not InitLab's class-balanced subset of that size
            print(f"note: no {split} cache of {count} images; taking the first {count} of {bigger[0][1]}")
            return bigger[0][1], count
    raise SystemExit(f"no fashion-mnist {split} cache at {side} px with >= {count} images under {cache_dir}")


def read_cache(path, limit):
    """Labels (int64) and pixels (uint8, N x C x side x side) of a pixel cache file, the first `limit` images."""
    raw = np.fromfile(path, dtype=np.uint8)
    header = raw[:HEADER.itemsize].view(HEADER)[0]
    if int(header["magic"]) != MAGIC:
        raise SystemExit(f"{path} is not a pixel cache of this version")
    count, channels, side = int(header["count"]), int(header["channels"]), int(header["side"])
    data_start = HEADER.itemsize + count * ENTRY.itemsize
    entries = raw[HEADER.itemsize:data_start].view(ENTRY)[:limit]
    n = len(entries)
    image_bytes = side * side * channels
    if not ((entries["width"] == side).all() and (entries["height"] == side).all()
            and (entries["offset"] == data_start + np.arange(n) * image_bytes).all()):
        # Fashion-MNIST is square; other datasets would need CachedSplit's random/centred crops
        raise SystemExit(f"{path}: images are not all {side} x {side}; this peer handles square caches only")
    pixels = raw[data_start:data_start + n * image_bytes].reshape(n, side, side, channels)  # rows, channels interleaved
    return (torch.from_numpy(entries["label"].astype(np.int64)),
            torch.from_numpy(np.ascontiguousarray(pixels.transpose(0, 3, 1, 2))))


def synthetic(count, side, salt):
    """Random grey images and labels of the cache's shape: for smoke tests only."""
    rng = np.random.default_rng(salt)
    return (torch.from_numpy(rng.integers(0, CLASSES, count).astype(np.int64)),
            torch.from_numpy(rng.integers(0, 256, (count, 1, side, side), dtype=np.uint8)))


def batches(labels, pixels, batch_size, training, seed, epoch):
    """CachedSplit.batches: training shuffled by (seed, epoch) with the last partial batch dropped;
    validation in order with it kept. Each batch is pixel / 255 as float32, grey copied to 3 channels."""
    n = len(labels)
    if training:
        order = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1_000_003 + epoch))
        count = n // batch_size
    else:
        order = torch.arange(n)
        count = (n + batch_size - 1) // batch_size
    for b in range(count):
        index = order[b * batch_size:(b + 1) * batch_size]
        images = pixels[index].float().div_(255)
        if images.shape[1] == 1:
            images = images.expand(-1, 3, -1, -1).contiguous()
        yield images, labels[index]


# ---------------------------------------------------------------- model (model/ResNet18.java)

class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None if stride == 1 else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class ConcatPool(nn.Module):
    """fastai's AdaptiveConcatPool2d: global max, then global average, along the channels."""

    def forward(self, x):
        return torch.cat([F.adaptive_max_pool2d(x, 1), F.adaptive_avg_pool2d(x, 1)], 1)


def resnet18(classes, bn2_gamma):
    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
              nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for stage, cout in enumerate((64, 128, 256, 512)):
        for index in range(2):
            layers.append(BasicBlock(cin, cout, 2 if stage > 0 and index == 0 else 1))
            cin = cout
    body = nn.Sequential(*layers)
    head = nn.Sequential(ConcatPool(), nn.Flatten(), nn.BatchNorm1d(1024), nn.Dropout(0.25),
                         nn.Linear(1024, 512, bias=False), nn.ReLU(inplace=True), nn.BatchNorm1d(512),
                         nn.Dropout(0.5), nn.Linear(512, classes, bias=False))
    for m in body.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
    for m in body.modules():
        if isinstance(m, BasicBlock):
            nn.init.constant_(m.bn2.weight, bn2_gamma)  # the variant; downsample BNs keep 1
    for m in head.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm1d):
            nn.init.ones_(m.weight)
            nn.init.constant_(m.bias, 1e-3)  # fastai's BatchNorm helper
    return nn.Sequential(body, head)


# ---------------------------------------------------------------- recipe (OneCycleSchedule, FastaiAdam, RunTrainer)

def cosine(start, end, q):
    return start + (1 + math.cos(math.pi * (1 - q))) * (end - start) / 2


def one_cycle(lr_max, progress, pct_start=0.25):
    """(lr, beta1) at progress i / N: lr_max/25 -> lr_max -> lr_max/1e5, 0.95 -> 0.85 -> 0.95."""
    if progress < pct_start:
        q = progress / pct_start
        return cosine(lr_max / 25, lr_max, q), cosine(0.95, 0.85, q)
    q = (progress - pct_start) / (1 - pct_start)
    return cosine(lr_max, lr_max / 1e5, q), cosine(0.85, 0.95, q)


class FastaiAdam:
    """fastai's Adam as FastaiAdam.java does it, one parameter at a time."""
    SQR_MOM, EPS = 0.99, 1e-5

    def __init__(self, model, wd):
        self.wd, self.steps, self.slots = wd, 0, []
        for module in model.modules():
            for name, p in module.named_parameters(recurse=False):
                # conv and linear weights decay; BatchNorm weights and biases do not
                decays = name == "weight" and isinstance(module, (nn.Conv2d, nn.Linear))
                self.slots.append((p, decays, torch.zeros_like(p), torch.zeros_like(p)))

    @torch.no_grad()
    def step(self, lr, mom):
        self.steps += 1
        debias1 = 1 - mom ** self.steps
        debias2 = 1 - self.SQR_MOM ** self.steps
        for p, decays, grad_avg, sqr_avg in self.slots:
            grad = p.grad
            if decays:
                p.mul_(1 - lr * self.wd)
            grad_avg.mul_(mom).add_(grad, alpha=1 - mom)
            sqr_avg.mul_(self.SQR_MOM).addcmul_(grad, grad, value=1 - self.SQR_MOM)
            p.addcdiv_(grad_avg, (sqr_avg / debias2).sqrt_().add_(self.EPS), value=-lr / debias1)
            grad.zero_()


def train_run(data, seed, gamma, args):
    (train_y, train_x), (valid_y, valid_x) = data
    torch.manual_seed(seed)  # same seed, same init and dropout for both variants: only bn2 gamma differs
    model = resnet18(CLASSES, gamma)
    opt = FastaiAdam(model, args.wd)
    per_epoch = len(train_y) // args.batch
    total = args.epochs * per_epoch
    done, smooth, smooth_n, seconds = 0, 0.0, 0, []
    for epoch in range(args.epochs):
        start = time.perf_counter()
        model.train()
        for images, labels in batches(train_y, train_x, args.batch, True, seed, epoch):
            lr, mom = one_cycle(args.lr_max, done / total)
            loss = F.cross_entropy(model(images), labels)
            loss.backward()
            value = loss.item()
            if not math.isfinite(value):
                raise SystemExit(f"training loss became {value} at epoch {epoch}, step {done}")
            opt.step(lr, mom)
            smooth_n += 1  # fastai's AvgSmoothLoss: beta 0.98, debiased, reset once per fit
            smooth = 0.98 * smooth + 0.02 * value
            done += 1
        model.eval()
        loss_sum, correct = 0.0, 0
        with torch.no_grad():
            for images, labels in batches(valid_y, valid_x, args.valid_batch or args.batch, False, seed, epoch):
                logits = model(images)
                loss_sum += F.cross_entropy(logits, labels, reduction="sum").item()
                correct += (logits.argmax(1) == labels).sum().item()
        seconds.append(time.perf_counter() - start)
        print(f"  {epoch} | {smooth / (1 - 0.98 ** smooth_n):.6f} | {loss_sum / len(valid_y):.6f} | "
              f"{correct / len(valid_y):.6f} | {seconds[-1]:.2f}", flush=True)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache-dir", help="folder of InitLab's .u8 pixel cache files (or a data root above it)")
    parser.add_argument("--synthetic", action="store_true", help="random images instead of a cache (smoke tests)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--train", type=int, default=4000)
    parser.add_argument("--valid", type=int, default=2000)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    parser.add_argument("--runs", type=int, default=6, help="the first N of seed 0..2 x (zero-init, one-init)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--valid-batch", type=int, help="validation batch size (default: --batch, as RunTrainer)")
    parser.add_argument("--lr-max", type=float, default=1e-3)
    parser.add_argument("--wd", type=float, default=0.01)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    loading = time.perf_counter()
    if args.synthetic:
        data = (synthetic(args.train, args.size, 1), synthetic(args.valid, args.size, 2))
        source = "synthetic random images"
    elif args.cache_dir:
        files = [find_cache_file(args.cache_dir, split, args.size, n)
                 for split, n in (("train", args.train), ("valid", args.valid))]
        data = tuple(read_cache(path, n) for path, n in files)
        source = ", ".join(path for path, _ in files)
    else:
        parser.error("give --cache-dir (InitLab's pixel cache) or --synthetic")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); {len(data[0][0])} train / "
          f"{len(data[1][0])} valid images at {args.size} px, channels {data[0][1].shape[1]}, batch {args.batch}, "
          f"{len(data[0][0]) // args.batch} steps per epoch; data from {source} "
          f"(loaded in {time.perf_counter() - loading:.2f} s, not counted)")

    plan = [(seed, name, gamma) for seed in (0, 1, 2) for name, gamma in (("zero-init", 0.0), ("one-init", 1.0))]
    epoch_seconds = []
    wall = time.perf_counter()
    for seed, name, gamma in plan[:args.runs]:
        print(f"run seed {seed} {name} (bn2 gamma {gamma:g}): epoch | train_loss | valid_loss | accuracy | seconds")
        epoch_seconds += train_run(data, seed, gamma, args)
    wall = time.perf_counter() - wall
    ordered = sorted(epoch_seconds)
    print(f"{min(args.runs, len(plan))} runs in {wall:.1f} s, median epoch {ordered[len(ordered) // 2]:.2f} s "
          f"({args.threads} thread(s))")


if __name__ == "__main__":
    main()
