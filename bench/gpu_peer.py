"""A plain-PyTorch peer for InitLab's TrainingBenchmark on a GPU (scripts/gpu-kit/run-kit.sh runs both).

Same model, batch and recipe as InitLab (quick_look_peer.py holds them: torchvision's resnet18 body,
fastai's head, fastai's one-cycle schedule and Adam, one parameter at a time), on random images of
TrainingBenchmark's synthetic set's shape: 1,600 training and 200 validation images, 4 classes, 3
channels. N runs train at once, each in its own process on the same card, as InitLab's worker pool runs
N on one device (there, threads of one JVM). Each run's training images/s is the mean over the epochs
after the first, measured from an epoch's start to its last training batch, validation left out, as
TrainingBenchmark measures it; the sum over the runs is printed with each run's peak of torch's reserved
GPU memory.

    python3 bench/gpu_peer.py --size 32 --epochs 5 --runs 1,2,4,8
    python3 bench/gpu_peer.py --device cpu --size 32 --epochs 2 --runs 1,2 --train 256 --valid 64   # smoke test
"""
import argparse
import math
import os
import sys
import time

import torch
import torch.multiprocessing as mp
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quick_look_peer import FastaiAdam, one_cycle, resnet18  # noqa: E402

CLASSES = 4  # SyntheticImages.CLASS_NAMES


def images(count, side, salt):
    generator = torch.Generator().manual_seed(salt)
    return (torch.randint(0, 256, (count, 3, side, side), dtype=torch.uint8, generator=generator),
            torch.randint(0, CLASSES, (count,), generator=generator))


def train(rank, args, start, results):
    device = torch.device(args.device)
    torch.set_num_threads(max(1, args.threads // args.current_runs))
    train_x, train_y = images(args.train, args.size, 1)
    valid_x, valid_y = images(args.valid, args.size, 2)
    torch.manual_seed(rank)
    model = resnet18(CLASSES, 0.0).to(device)
    opt = FastaiAdam(model, args.wd)
    per_epoch = args.train // args.batch
    total, done, rates = args.epochs * per_epoch, 0, []
    start.wait()
    for epoch in range(args.epochs):
        began = time.perf_counter()
        model.train()
        order = torch.randperm(args.train, generator=torch.Generator().manual_seed(rank * 1_000_003 + epoch))
        for b in range(per_epoch):
            index = order[b * args.batch:(b + 1) * args.batch]
            x = train_x[index].to(device, non_blocking=True).float().div_(255)
            y = train_y[index].to(device, non_blocking=True)
            lr, mom = one_cycle(args.lr_max, done / total)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            if not math.isfinite(loss.item()):  # InitLab reads each loss too
                raise SystemExit(f"run {rank}: loss {loss.item()} at step {done}")
            opt.step(lr, mom)
            done += 1
        rates.append(per_epoch * args.batch / (time.perf_counter() - began))
        model.eval()
        with torch.no_grad():
            for b in range(0, args.valid, args.batch):
                logits = model(valid_x[b:b + args.batch].to(device).float().div_(255))
                (logits.argmax(1) == valid_y[b:b + args.batch].to(device)).sum().item()
    reserved = torch.cuda.max_memory_reserved(device) if device.type == "cuda" else 0
    measured = rates[1:] or rates
    results.put((rank, sum(measured) / len(measured), reserved))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--runs", default="1,2,4,8", help="comma-separated counts of runs at once")
    parser.add_argument("--train", type=int, default=1600)
    parser.add_argument("--valid", type=int, default=200)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr-max", type=float, default=1e-3)
    parser.add_argument("--wd", type=float, default=0.01)
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="CPU threads, split between runs")
    args = parser.parse_args()
    name = torch.cuda.get_device_name(0) if args.device.startswith("cuda") else "cpu"
    print(f"torch {torch.__version__} on {name}: resnet18 fastai head, {args.size} px, batch {args.batch}, "
          f"{args.train} train / {args.valid} valid random images, {args.epochs} epochs", flush=True)
    context = mp.get_context("spawn")
    for runs in (int(n) for n in args.runs.split(",")):
        args.current_runs = runs
        start, results = context.Barrier(runs), context.Queue()
        workers = [context.Process(target=train, args=(rank, args, start, results)) for rank in range(runs)]
        for worker in workers:
            worker.start()
        measured = sorted(results.get() for _ in workers)
        for worker in workers:
            worker.join()
        together = sum(rate for _, rate, _ in measured)
        memory = ", ".join(f"{reserved / 2**20:.0f}" for _, _, reserved in measured)
        print(f"peer: {runs} run(s) at once, {args.size} px: {together:.1f} train images/s together "
              f"(per run {', '.join(f'{rate:.1f}' for _, rate, _ in measured)}); "
              f"peak reserved GPU memory per run (MiB): {memory}", flush=True)


if __name__ == "__main__":
    main()
