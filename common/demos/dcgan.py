"""Train a DCGAN (the dcgan_gluon or the dcgan_module kata) on MNIST and watch it learn.

    python -m common.demos.dcgan [--impl katas|solutions|DIR] [--api gluon|module]
                                 [--fast | --full] [--resume] [--dry-run] [--out DIR]

``--fast`` (the default): the 28x28x1 variant (U(-1, 1) noise, flattened
784-pixel images) with small widths, on the 10,000 shipped MNIST images:
minutes on two CPU cores. ``--full``: the 64x64x3 DCGAN of the tutorial
(ngf = ndf = 64) on the full MNIST (``--data-dir``, or where
common.datasets finds it; else the shipped split).

Writes under the output folder (runs/dcgan for the reference), every
``--every`` iterations and at the end:

- ``grid_NNNNNN.png``: G's images for one FIXED noise batch (the same noise at
  every checkpoint, and after ``--resume``, so the pictures are comparable);
- ``side_by_side.png``: the latest generated batch beside real digits;
- ``losses.png``: D's and G's losses, D(x) and D(G(z)) over the iterations;
- ``checkpoint/``: parameters, trainer states, the fixed noise and the
  history, which ``--resume`` continues from.

Ctrl-C saves a checkpoint before it stops. A NaN or infinite loss stops the
run with a message (and no checkpoint, so the last good one survives).

``--api`` picks the kata: ``gluon`` (dcgan_gluon, the default) or ``module``
(dcgan_module, on 32x32x3 digits in fast mode). Another API plugs in as an
adapter with the interface of ``GluonDCGAN``, listed in ``APIS``.
"""
import argparse
import sys
import time

import common  # noqa: F401  (threads and warnings before mxnet)
import numpy as np

from common.demos import loop

FAST = dict(image_size=28, ngf=16, ndf=16, nz=64, batch_size=64, iterations=1500, every=250)
FULL = dict(image_size=64, ngf=64, ndf=64, nz=100, batch_size=64, iterations=20000, every=500)
SETTINGS = tuple(FAST)
ARCHITECTURE = ("image_size", "ngf", "ndf", "nz", "batch_size")  # what a checkpoint fixes


class GluonDCGAN:
    """The dcgan_gluon kata behind the interface the runner needs.

    An adapter for another API provides the same: ``nc``, ``prepare(real, z)``
    (called once before training or loading), ``step(real, z)`` ->
    dict of floats (errD, errG, d_real, d_fake), ``noise(batch_size)``,
    ``generate(z)`` -> (B, C, H, W) numpy in [-1, 1], ``save(folder)``,
    ``load(folder)``.
    """

    def __init__(self, kata, settings, ctx, lr=2e-4, beta1=0.5, hybridize=True):
        import mxnet as mx
        from mxnet import gluon
        self.kata, self.ctx, self.size, self.nz = kata, ctx, settings["image_size"], settings["nz"]
        self.nc = 1 if self.size == 28 else 3
        self.netG = kata.build_generator(ngf=settings["ngf"], nc=self.nc, image_size=self.size)
        self.netD = kata.build_discriminator(ndf=settings["ndf"], image_size=self.size)
        for net in (self.netG, self.netD):
            net.initialize(mx.init.Normal(0.02), ctx=ctx)
            if hybridize:
                net.hybridize(static_alloc=True, static_shape=True)
        opts = {"learning_rate": lr, "beta1": beta1}
        self.trainerG = gluon.Trainer(self.netG.collect_params(), "adam", opts)
        self.trainerD = gluon.Trainer(self.netD.collect_params(), "adam", opts)

    def prepare(self, real, z):
        """One forward pass of each net: Gluon infers the parameter shapes."""
        self.netD(self.netG(z))
        self.netD(real)

    def noise(self, batch_size):
        return self.kata.noise(batch_size, self.nz, image_size=self.size, ctx=self.ctx)

    def step(self, real, z):
        return self.kata.train_step(self.netG, self.netD, self.trainerG, self.trainerD, real, z)

    def generate(self, z):
        """G's images for ``z`` (BatchNorm with its running statistics)."""
        images = self.netG(z).asnumpy()
        return images.reshape(len(images), self.nc, self.size, self.size)

    def save(self, folder):
        self.netG.save_parameters(str(folder / "netG.params"))
        self.netD.save_parameters(str(folder / "netD.params"))
        self.trainerG.save_states(str(folder / "trainerG.states"))
        self.trainerD.save_states(str(folder / "trainerD.states"))

    def load(self, folder):
        self.netG.load_parameters(str(folder / "netG.params"), ctx=self.ctx)
        self.netD.load_parameters(str(folder / "netD.params"), ctx=self.ctx)
        self.trainerG.load_states(str(folder / "trainerG.states"))
        self.trainerD.load_states(str(folder / "trainerD.states"))


class ModuleDCGAN:
    """The dcgan_module kata (Symbol + Module) behind GluonDCGAN's interface.

    Its networks take image sizes of 4 * 2**k (8, 16, 32, 64...) and three
    channels (MXNet 1.9.1's CPU deconvolution cannot back-propagate into a
    one-filter output), so the fast mode trains it on 32x32x3 digits."""

    def __init__(self, kata, settings, ctx, lr=2e-4, beta1=0.5, hybridize=True):
        import mxnet as mx
        self.kata, self.ctx, self.size, self.nz = kata, ctx, settings["image_size"], settings["nz"]
        self.nc, self.mx = 3, mx
        self.generator, self.discriminator = kata.make_modules(
            settings["batch_size"], nz=self.nz, ngf=settings["ngf"], ndf=settings["ndf"], nc=self.nc,
            image_size=self.size, ctx=ctx, lr=lr, beta1=beta1)

    def prepare(self, real, z):
        """make_modules already bound and initialised both modules."""

    def noise(self, batch_size):
        return self.mx.nd.random.normal(0, 1, shape=(batch_size, self.nz, 1, 1), ctx=self.ctx)

    def step(self, real, z):
        stats = self.kata.train_step(self.generator, self.discriminator,
                                     self.mx.io.DataBatch([z]), self.mx.io.DataBatch([real]))
        return {"errD": stats["d_loss"], "errG": stats["g_loss"],
                "d_real": stats["d_real"], "d_fake": stats["d_fake"]}

    def generate(self, z):
        """G's images for ``z``, normalised with the batch's own statistics
        (BatchNorm's running averages lag far behind early in training)."""
        self.generator.forward(self.mx.io.DataBatch([z]), is_train=True)
        return self.generator.get_outputs()[0].asnumpy()

    def save(self, folder):
        self.generator.save_params(str(folder / "generator.params"))
        self.discriminator.save_params(str(folder / "discriminator.params"))
        self.generator.save_optimizer_states(str(folder / "generator.states"))
        self.discriminator.save_optimizer_states(str(folder / "discriminator.states"))

    def load(self, folder):
        self.generator.load_params(str(folder / "generator.params"))
        self.discriminator.load_params(str(folder / "discriminator.params"))
        self.generator.load_optimizer_states(str(folder / "generator.states"))
        self.discriminator.load_optimizer_states(str(folder / "discriminator.states"))


APIS = {"gluon": ("dcgan_gluon", GluonDCGAN), "module": ("dcgan_module", ModuleDCGAN)}


def load_images(full, data_dir):
    """uint8 (N, 28, 28) digits: the shipped split in fast mode, else the
    full MNIST when a data folder has it (load_mnist says when it falls back)."""
    from common.datasets import load_mnist
    if not full:
        return load_mnist(split="test")[0]
    return load_mnist(data_dir=data_dir, split="all" if data_dir else "train")[0]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m common.demos.dcgan", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    loop.common_arguments(parser, "--iterations")
    parser.add_argument("--api", default="gluon", choices=sorted(APIS),
                        help="gluon (dcgan_gluon) or module (dcgan_module)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fast", dest="full", action="store_false", help="28x28x1, small widths (default)")
    mode.add_argument("--full", dest="full", action="store_true", help="64x64x3, ngf = ndf = 64")
    parser.set_defaults(full=False)
    parser.add_argument("--data-dir", default=None, help="full MNIST folder (with --full)")
    for key in SETTINGS:
        parser.add_argument("--" + key.replace("_", "-"), type=int, default=None)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--no-hybridize", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import mxnet as mx
    from common.env import default_context, seed_everything

    kata_name, adapter = APIS[args.api]
    kata = loop.load_kata(args.impl, kata_name)
    out = loop.output_folder(args, "dcgan" if args.api == "gluon" else f"dcgan-{args.api}")
    settings = dict(FULL if args.full else FAST)
    settings.update({k: getattr(args, k) for k in SETTINGS if getattr(args, k) is not None})
    state = {"step": 0, "history": []}
    if args.resume:
        saved, folder = loop.load_state(out)
        settings.update({k: saved["settings"][k] for k in ARCHITECTURE})  # the saved networks' shapes win
        state.update(step=saved["step"], history=saved["history"])
    if args.dry_run:
        settings.update(iterations=state["step"] + 2, every=1)
    if args.api == "module" and settings["image_size"] == 28:
        settings["image_size"] = 32  # Module DCGAN sizes are 4 * 2**k
        print("[dcgan] --api module: training on 32x32x3 digits (the DCGAN stack doubles from 4x4)")
    seed_everything(args.seed + state["step"])
    state["settings"] = settings

    ctx = default_context()
    gan = adapter(kata, settings, ctx, lr=args.lr, hybridize=not args.no_hybridize)
    visualize = loop.load_kata("solutions", "visualize")
    iterators = loop.load_kata("solutions", "iterators")
    batch_size, size = settings["batch_size"], settings["image_size"]
    images = load_images(args.full, args.data_dir)
    data = iterators.image_iter(images, batch_size, size=size, channels=gan.nc, seed=args.seed + state["step"])
    batches = loop.endless(data)
    first = next(batches).data[0].as_in_context(ctx)
    gan.prepare(first, gan.noise(batch_size))
    if args.resume:
        gan.load(folder)
        fixed_noise = np.load(folder / "fixed_noise.npy")
    else:
        fixed_noise = gan.noise(batch_size).asnumpy()
    fixed = mx.nd.array(fixed_noise, ctx=ctx)
    latest = {"real": first}

    def step():
        latest["real"] = next(batches).data[0].as_in_context(ctx)
        return gan.step(latest["real"], gan.noise(batch_size))

    def pictures():
        fake = gan.generate(fixed)
        visualize.save_grid(out / f"grid_{state['step']:06d}.png", fake)
        visualize.side_by_side(fake, latest["real"].asnumpy(), out / "side_by_side.png")
        if state["history"]:
            loop.plot_history(state["history"], out / "losses.png", [
                ("losses", {"errD": "D loss", "errG": "G loss"}, None),
                ("D's verdict", {"d_real": "D(x)", "d_fake": "D(G(z))"}, (0, 1))])

    def save():
        gan.save(loop.save_state(out, state, fixed_noise=fixed_noise))

    print(f"[dcgan] {args.impl}/{kata_name}: {len(images):,} images, {settings}, lr {args.lr}, "
          f"on {ctx}, from iteration {state['step']}; writing to {out}")
    start, done_before = time.perf_counter(), state["step"]
    status = loop.run_loop(step, state, settings["iterations"], every=settings["every"],
                           on_every=pictures, save=save, desc="dcgan",
                           postfix=lambda s: (f"D {s['errD']:.3f}  G {s['errG']:.3f}  "
                                              f"D(x) {s['d_real']:.2f}  D(G(z)) {s['d_fake']:.2f}"))
    if status:
        return status
    seconds = time.perf_counter() - start
    pictures()
    save()
    done = state["step"] - done_before
    print(f"[dcgan] {done} iterations in {seconds:.0f} s "
          f"({done * batch_size / max(seconds, 1e-9):.0f} images/s); wrote {out}/grid_*.png, "
          f"side_by_side.png, losses.png, {loop.CHECKPOINT}/")
    return 0


if __name__ == "__main__":
    sys.exit(loop.main_guard(main, demo="dcgan"))
