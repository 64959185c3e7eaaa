"""Tests of the textgen kata: time-major batches, a Gluon LSTM/GRU/RNN
language model, truncated BPTT with gradient clipping, and generation.

Each test names, in its docstring, the mistake it is there to catch.
"""
import math

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from mxnet import autograd, gluon
from mxnet.gluon import rnn

from common.datasets import load_nietzsche
from tests import strategies as S

MODES = ("lstm", "gru", "rnn")
LAYERS = ("embedding", "rnn", "decoder")
STATES = {"lstm": 2, "gru": 1, "rnn": 1}
LAYER_TYPES = {"lstm": rnn.LSTM, "gru": rnn.GRU, "rnn": rnn.RNN}
OTHER = mx.cpu(1)  # a second context on any machine: an argument ctx that is ignored shows here


def make_vocab(text):
    """The (chars, char_to_index, index_to_char) triple of the unrolled_rnn kata."""
    chars = "".join(sorted(set(text)))
    return chars, {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}


def make_model(module, ctx, mode="lstm", vocab_size=12, num_embed=5, num_hidden=7, num_layers=1,
               dropout=0.0):
    model = module.GluonRNNModel(mode, vocab_size, num_embed, num_hidden, num_layers, dropout)
    model.initialize(mx.init.Xavier(), ctx=ctx)
    model(mx.nd.zeros((2, 1), ctx=ctx), model.begin_state(1, ctx=ctx))  # deferred shapes
    return model


def copy_parameters(src, dst):
    """Give ``dst`` the parameters of ``src``, layer by layer (attributes in LAYERS)."""
    for layer in LAYERS:
        for owner in (src, dst):
            assert hasattr(owner, layer), (
                f"GluonRNNModel must keep its layers in the attributes {LAYERS}; {layer!r} is missing")
        a, b = getattr(src, layer), getattr(dst, layer)
        ours = {name[len(b.prefix):]: p for name, p in b.collect_params().items()}
        for name, param in a.collect_params().items():
            key = name[len(a.prefix):]
            assert key in ours, f"{layer} has no parameter {key!r} (it has {sorted(ours)})"
            ours[key].set_data(param.data())


def twin_models(kata, reference, ctx, **kwargs):
    ours, ref = make_model(kata, ctx, **kwargs), make_model(reference, ctx, **kwargs)
    copy_parameters(ref, ours)
    return ours, ref


def as_list(hidden):
    return [hidden] if isinstance(hidden, mx.nd.NDArray) else list(hidden)


def state_list(hidden, what, ctx, shape=None, count=None):
    """A model state as a list of numpy arrays, after checking it is a list (or
    tuple) of float32 NDArrays on ``ctx`` (of ``shape``, ``count`` of them)."""
    assert isinstance(hidden, (list, tuple)), f"{what} must be a list of NDArrays, got {type(hidden).__name__}"
    arrays = [S.nd_array(h, f"{what}[{k}]", np.float32, ctx) for k, h in enumerate(hidden)]
    if count is not None:
        assert len(arrays) == count, f"{what} must hold {count} array(s), got {len(arrays)}"
    if shape is not None:
        assert all(a.shape == shape for a in arrays), (
            f"{what}: every array must have shape (num_layers, B, num_hidden) = {shape}, got {[a.shape for a in arrays]}")
    return arrays


def randomize(model, ctx, scale=1.0, seed=0):
    """Give every parameter (biases too) random values."""
    rng = np.random.RandomState(seed)
    for p in model.collect_params().values():
        p.set_data(mx.nd.array(rng.normal(0, scale, size=p.shape), ctx=ctx))


def global_norm(arrays):
    return math.sqrt(sum(float((a.astype("float64") ** 2).sum().asscalar()) for a in arrays))


# ------------------------------------------------------------ batchify / get_batch

@given(length=st.integers(1, 60), batch_size=st.integers(1, 8), kind=S.integer_types)
def test_batchify_is_time_major(kata, length, batch_size, kind):
    """Catches batch-major (B, num_batches) output, columns that are not contiguous text,
    batch sizes refused as numpy integers, and anything but float32."""
    idx = np.arange(length) % 50
    what = f"batchify({length} characters, batch_size={batch_size})"
    if length < batch_size:
        S.raises_value_error(lambda: kata.batchify(idx, kind(batch_size)), f"{what} (fewer characters than columns)")
        return
    got = S.nd_array(kata.batchify(idx, kind(batch_size)), what, np.float32, mx.current_context())
    nb = length // batch_size
    assert got.shape == (nb, batch_size), (
        f"{what} gives (num_batches, batch_size) = {(nb, batch_size)} (the remainder is dropped); got {got.shape}")
    for j in range(batch_size):
        np.testing.assert_array_equal(got[:, j], idx[j * nb:(j + 1) * nb],
                                      err_msg=f"{what}: column {j} must be the text idx[{j * nb}:{(j + 1) * nb}]")


def test_batchify_puts_the_data_on_ctx(kata):
    """Catches a ctx argument that is ignored, and ctx=None not meaning the current context."""
    idx = np.arange(12)
    S.nd_array(kata.batchify(idx, 3, ctx=OTHER), f"batchify(idx, 3, ctx={OTHER})", np.float32, OTHER)
    with OTHER:
        S.nd_array(kata.batchify(idx, 3), f"batchify(idx, 3) inside `with {OTHER}:`", np.float32, OTHER)


@pytest.mark.parametrize("kind", ["list", "int64", "uint16", "int32"])
def test_batchify_keeps_large_indices(kata, kind):
    """Catches indices squeezed into uint8 (a vocabulary of more than 256 characters wraps round) or lists refused."""
    raw = [299, 256, 3, 511, 0, 257, 1000, 42]
    idx = raw if kind == "list" else np.array(raw, dtype=kind)
    got = S.nd_array(kata.batchify(idx, 2), f"batchify of {kind} indices", np.float32, mx.current_context())
    want = np.array(raw, dtype=np.float32).reshape(2, 4).T
    np.testing.assert_array_equal(got, want, err_msg=f"batchify({raw} as {kind}, 2) must keep every index as it is")


@pytest.mark.parametrize("batch_size", [0, -2])
def test_batchify_rejects_bad_batch_sizes(kata, batch_size):
    """Catches a batch size below 1 silently turned into an empty or negative layout."""
    S.raises_value_error(lambda: kata.batchify(np.arange(10), batch_size), f"batchify(10 characters, batch_size={batch_size})")


@given(rows=st.integers(2, 20), batch=st.integers(1, 4), seq_len=st.integers(1, 6), kind=S.integer_types,
       data=st.data())
def test_get_batch_shifts_targets_by_one(kata, rows, batch, seq_len, kind, data):
    """Catches targets that are the inputs themselves, (B, seq) data, a last chunk
    that runs off the end, and numpy integers refused."""
    i = data.draw(st.integers(0, rows - 2), label="i")
    source = mx.nd.array(np.arange(rows * batch).reshape(rows, batch), ctx=OTHER)
    what = f"get_batch(source of shape {source.shape}, i={i}, seq_len={seq_len})"
    x, y = kata.get_batch(source, kind(i), kind(seq_len))
    x = S.nd_array(x, f"{what}: data (on the source's context)", np.float32, OTHER)
    y = S.nd_array(y, f"{what}: target (on the source's context)", np.float32, OTHER)
    seq = min(seq_len, rows - 1 - i)
    assert x.shape == (seq, batch), (
        f"{what} must return data of shape (seq, B) = {(seq, batch)} (time-major: TNC for the recurrent "
        f"layer; seq shrinks at the end so every input has a target); got {x.shape}")
    np.testing.assert_array_equal(x, source[i:i + seq].asnumpy(), err_msg=f"{what}: data must be rows {i} to {i + seq - 1}")
    expected = source[i + 1:i + 1 + seq].asnumpy().reshape(-1)
    assert y.shape == expected.shape, f"{what}: targets must be flattened to {expected.shape}, got {y.shape}"
    np.testing.assert_array_equal(y, expected, err_msg=f"{what}: the target of row t is row t + 1 (the next character)")


def test_get_batch_has_no_batch_at_the_last_row(kata):
    """Catches an empty batch at the end of the data (the last row has no next character)."""
    source = mx.nd.array(np.arange(12).reshape(6, 2))
    x, y = kata.get_batch(source, 4, 3)
    assert x.shape == (1, 2) and y.shape == (2,), (
        f"get_batch(6 rows, i=4, seq_len=3): only row 5 is left as a target, so data (1, 2) and target (2,); "
        f"got {x.shape} and {y.shape}")
    S.raises_value_error(lambda: kata.get_batch(source, 5, 3), "get_batch(6 rows, i=5, seq_len=3) (no row after the last)")


@pytest.mark.parametrize("i, seq_len", [(-1, 3), (0, 0)])
def test_get_batch_rejects_bad_arguments(kata, i, seq_len):
    """Catches a negative row (Python's slicing would read from the end) and an empty chunk."""
    source = mx.nd.array(np.arange(12).reshape(6, 2))
    S.raises_value_error(lambda: kata.get_batch(source, i, seq_len), f"get_batch(6 rows, i={i}, seq_len={seq_len})")


# ------------------------------------------------------------ the model

def test_unknown_mode_is_refused(kata):
    """Catches a typo such as 'lstn' silently building a plain RNN."""
    S.raises_value_error(lambda: kata.GluonRNNModel("lstn", 10, 4, 4, 1, 0.0), "GluonRNNModel('lstn', ...)")


@settings(max_examples=12)
@given(mode=st.sampled_from(MODES), seq=st.integers(1, 5), batch=st.integers(1, 4),
       vocab_size=st.integers(2, 20), num_hidden=st.integers(1, 8), num_layers=st.integers(1, 2))
def test_output_and_state_shapes(kata, ctx, mode, seq, batch, vocab_size, num_hidden, num_layers):
    """Catches states of the wrong count, shape, dtype or value, and outputs not flattened to (seq * B, vocab)."""
    model = make_model(kata, ctx, mode, vocab_size, 3, num_hidden, num_layers)
    state_shape = (num_layers, batch, num_hidden)
    what = f"begin_state({batch}, ctx) of a {num_layers}-layer {mode}"
    hidden = model.begin_state(batch, ctx=ctx)
    for k, h in enumerate(state_list(hidden, what, ctx, state_shape, STATES[mode])):
        assert not h.any(), f"{what}[{k}] must be all zeros"
    x = mx.nd.array(np.random.randint(0, vocab_size, (seq, batch)), ctx=ctx)
    out, new = model(x, hidden)
    out = S.nd_array(out, f"the logits of a {mode} model", np.float32, ctx)
    assert out.shape == (seq * batch, vocab_size), (
        f"input (seq, B) = {(seq, batch)} must give logits of shape (seq * B, vocab) = "
        f"{(seq * batch, vocab_size)}; got {out.shape}")
    state_list(new, f"the new state of a {mode} model", ctx, state_shape, STATES[mode])


@pytest.mark.parametrize("mode", MODES)
def test_model_runs_on_its_context(kata, mode):
    """Catches begin_state ignoring ctx (or ctx=None not meaning the current context)."""
    model = make_model(kata, OTHER, mode, num_layers=2)
    what = f"begin_state(3, ctx={OTHER}) of a {mode} model"
    hidden = model.begin_state(3, ctx=OTHER)
    state_list(hidden, what, OTHER, (2, 3, 7), STATES[mode])
    with OTHER:
        state_list(model.begin_state(3), f"begin_state(3) inside `with {OTHER}:`", OTHER, (2, 3, 7), STATES[mode])
    out, new = model(mx.nd.array(np.random.randint(0, 12, (4, 3)), ctx=OTHER), hidden)
    S.nd_array(out, f"the logits of a {mode} model on {OTHER}", np.float32, OTHER)
    state_list(new, f"the new state of a {mode} model on {OTHER}", OTHER, (2, 3, 7), STATES[mode])


@pytest.mark.parametrize("mode", MODES)
def test_defaults_and_shapes_known_at_initialize(kata, ctx, mode):
    """Catches other defaults than num_layers=1, dropout=0.5, and layers built without
    input_size / in_units (their shapes stay unknown until the first forward pass)."""
    model = kata.GluonRNNModel(mode, 9, 4, 6)
    model.initialize(mx.init.Xavier(), ctx=ctx)
    unknown = {name: p.shape for name, p in model.collect_params().items() if 0 in p.shape}
    assert not unknown, (
        f"GluonRNNModel({mode!r}, 9, 4, 6) after initialize(): {unknown} still have unknown (0) sizes: give the "
        "recurrent layer input_size=num_embed and the decoder in_units=num_hidden")
    state_list(model.begin_state(2, ctx=ctx), f"begin_state of the default {mode} model", ctx, (1, 2, 6), STATES[mode])
    got = getattr(model.rnn, "_dropout", None)
    assert got == 0.5, f"GluonRNNModel({mode!r}, 9, 4, 6): the default dropout is 0.5, the recurrent layer got {got}"


@pytest.mark.parametrize("mode", MODES)
def test_recurrent_layer_as_the_contract_says(kata, ctx, mode):
    """Catches the wrong recurrent layer for a mode, and no dropout between its layers."""
    model = make_model(kata, ctx, mode, num_layers=2, dropout=0.25)
    layer = getattr(model, "rnn", None)
    assert isinstance(layer, LAYER_TYPES[mode]), (
        f"mode {mode!r}: self.rnn must be an rnn.{LAYER_TYPES[mode].__name__}, got {type(layer).__name__}")
    got = getattr(layer, "_dropout", None)
    assert got == 0.25, (
        f"GluonRNNModel({mode!r}, ..., num_layers=2, dropout=0.25): the recurrent layer must get "
        f"dropout=0.25 between its layers, got {got} ({layer!r})")


@pytest.mark.parametrize("mode", MODES)
def test_agrees_with_the_reference(kata, reference, ctx, mode):
    """Catches another activation, layout or decoder (same parameters, same logits and states)."""
    ours, ref = twin_models(kata, reference, ctx, mode=mode, num_layers=2)
    x = mx.nd.array(np.random.randint(0, 12, (4, 3)), ctx=ctx)
    h0 = as_list(ref.begin_state(3, ctx=ctx))
    h0 = [mx.nd.random.normal(shape=h.shape, ctx=ctx) * 0.5 for h in h0]
    a, ha = ours(x, h0)
    b, hb = ref(x, h0)
    np.testing.assert_allclose(S.nd_array(a, "logits", ctx=ctx), b.asnumpy(), rtol=1e-4, atol=1e-5,
                               err_msg=f"{mode} logits differ from the reference's with the same parameters")
    for k, (s, t) in enumerate(zip(state_list(ha, "the new state", ctx), as_list(hb))):
        np.testing.assert_allclose(s, t.asnumpy(), rtol=1e-4, atol=1e-5,
                                   err_msg=f"{mode} state {k} differs from the reference's")


@pytest.mark.parametrize("mode", MODES)
def test_dropout_in_training_agrees_with_the_reference(kata, reference, ctx, mode):
    """Catches dropout never applied, applied to only one of the two places, or applied
    elsewhere: in training mode, same parameters and same mx.random.seed give the same logits."""
    ours, ref = twin_models(kata, reference, ctx, mode=mode, num_layers=2, dropout=0.4)
    x = mx.nd.array(np.random.randint(0, 12, (5, 3)), ctx=ctx)
    logits = []
    for model in (ours, ref):
        mx.random.seed(11)
        with autograd.record():
            out, _ = model(x, model.begin_state(3, ctx=ctx))
        logits.append(S.nd_array(out, f"the training-mode logits of a {mode} model", ctx=ctx))
    quiet = ref(x, ref.begin_state(3, ctx=ctx))[0].asnumpy()
    assert np.abs(logits[1] - quiet).max() > 1e-3, "set-up check: the reference's dropout should change the logits"
    assert np.abs(logits[0] - quiet).max() > 1e-3, (
        f"{mode}, dropout=0.4: under autograd.record() your logits equal the inference-mode ones: "
        "apply self.drop to the embeddings and to the recurrent output")
    np.testing.assert_allclose(logits[0], logits[1], rtol=1e-4, atol=1e-5, err_msg=(
        f"{mode}, dropout=0.4, mx.random.seed(11), under autograd.record(): your logits differ from the "
        "reference's: dropout belongs on the embeddings and on the recurrent output (one mask each), nowhere else"))


@pytest.mark.parametrize("mode", MODES)
def test_inference_is_deterministic(kata, reference, ctx, mode):
    """Catches dropout left on outside training (every prediction would be different)."""
    ours, ref = twin_models(kata, reference, ctx, mode=mode, num_layers=2, dropout=0.5)
    x = mx.nd.array(np.random.randint(0, 12, (4, 2)), ctx=ctx)
    first, second = (S.nd_array(ours(x, ours.begin_state(2, ctx=ctx))[0], "logits", ctx=ctx) for _ in range(2))
    np.testing.assert_array_equal(first, second, err_msg=(
        f"{mode}, dropout=0.5: two predictions of the same input differ outside autograd.record(): "
        "dropout must be off in inference"))
    want = ref(x, ref.begin_state(2, ctx=ctx))[0].asnumpy()
    np.testing.assert_allclose(first, want, rtol=1e-4, atol=1e-5,
                               err_msg=f"{mode}, dropout=0.5: inference-mode logits differ from the reference's")


def test_detach_stops_the_gradient(kata, ctx):
    """Catches a detach that hands the state back attached (BPTT through the whole epoch)."""
    model = make_model(kata, ctx, "lstm")  # not hybridized: two calls in one recording
    x = mx.nd.array(np.random.randint(0, 12, (3, 2)), ctx=ctx)
    flows = {}
    for cut in (False, True):
        h0 = as_list(model.begin_state(2, ctx=ctx))
        h0 = [h + 0.5 for h in h0]
        for h in h0:
            h.attach_grad()
        with autograd.record():
            _, h1 = model(x, h0)
            if cut:
                h1 = kata.detach(h1)
            out, _ = model(x, h1)
            total = out.sum()
        total.backward()
        flows[cut] = global_norm([h.grad for h in h0])
    assert flows[False] > 0, "set-up check: without detach the gradient should reach the first batch's state"
    assert flows[True] == 0, (
        f"after detach, {flows[True]:.3g} of gradient norm still reached the previous batch's "
        f"state (without detach: {flows[False]:.3g}); detach must cut the graph")


def test_detach_keeps_the_values_and_the_form(kata, ctx):
    """Catches a detach that zeroes the state, or turns a list into something else."""
    state = [mx.nd.array(np.random.normal(size=(1, 2, 3)), ctx=ctx) for _ in range(2)]
    got = kata.detach(state)
    assert isinstance(got, list) and len(got) == 2, f"detach of a list of 2 NDArrays must give a list of 2, got {got!r}"
    for k, (a, b) in enumerate(zip(got, state)):
        np.testing.assert_array_equal(S.nd_array(a, f"detach(state)[{k}]", ctx=ctx), b.asnumpy(),
                                      err_msg=f"detach must keep the values of state[{k}]")
    one = S.nd_array(kata.detach(state[0]), "detach(one NDArray)", ctx=ctx)
    np.testing.assert_array_equal(one, state[0].asnumpy(), err_msg="detach of one NDArray must keep its values")


# ------------------------------------------------------------ train_epoch

def one_batch_epoch(module, model, ctx, clip, lr=1.0, seq_len=4, batch=3):
    data = mx.nd.array(np.random.RandomState(1).randint(0, 12, (seq_len + 1, batch)), ctx=ctx)
    before = [p.data().copy() for p in model.collect_params().values()]
    trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": lr})
    result = module.train_epoch(model, data, trainer, gluon.loss.SoftmaxCrossEntropyLoss(), seq_len, clip)
    after = [p.data() for p in model.collect_params().values()]
    return result, global_norm([a - b for a, b in zip(after, before)])


def test_clipping_bounds_the_global_norm(kata, ctx):
    """Catches clipping after the update, and a bound not scaled by seq_len * batch_size."""
    clip, seq_len = 1e-3, 4
    model = make_model(kata, ctx)
    _, step = one_batch_epoch(kata, model, ctx, clip, seq_len=seq_len)
    bound = clip * seq_len  # SGD, lr 1: the step is the gradient trainer.step(B) applies
    assert step <= bound * 1.01, (
        f"one SGD step (lr=1, clip={clip}, seq_len={seq_len}) moved the parameters by {step:.4g}, "
        f"above clip * seq_len = {bound:.4g}: clip the gradients (to clip * seq_len * batch_size, "
        "since trainer.step(batch_size) divides them by batch_size) before trainer.step")
    assert step >= bound * 0.99, (
        f"the step {step:.4g} is well under clip * seq_len = {bound:.4g} although the raw gradient is "
        "far larger: clip to clip * seq_len * batch_size, not clip * seq_len (trainer.step divides by B)")


def test_no_clip_leaves_the_gradient_alone(kata, ctx):
    """Catches clipping even when clip is None."""
    model = make_model(kata, ctx)
    _, step = one_batch_epoch(kata, model, ctx, clip=None, lr=1.0)
    assert step > 0.01, f"with clip=None one SGD step (lr=1) moved the parameters by only {step:.3g}"


def spy_on_contexts(model):
    """Record the context of every input and state array the model is called with."""
    seen, forward = [], model.forward

    def recording(inputs, hidden):
        seen.extend(a.context for a in [inputs] + as_list(hidden))
        return forward(inputs, hidden)

    model.forward = recording
    return seen


@pytest.mark.parametrize("mode, where, rows", [("gru", "default", 11), ("lstm", "other", 10)])
def test_train_epoch_agrees_with_the_reference(kata, reference, ctx, mode, where, rows):
    """Catches a different loss average, missing or reset BPTT chunks, a skipped last
    chunk (of 2 rows, or of 1), training without dropout (same mx.random.seed, same
    masks), and a state begun on another context than the data's."""
    ctx = OTHER if where == "other" else ctx
    ours, ref = twin_models(kata, reference, ctx, mode=mode, num_layers=2, dropout=0.3)
    data = mx.nd.array(np.random.randint(0, 12, (rows, 3)), ctx=ctx)  # chunks of 4, 4 and 2 (or 1) steps
    seen = spy_on_contexts(ours)
    results = []
    for module, model in ((kata, ours), (reference, ref)):
        trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 0.1})
        mx.random.seed(5)
        results.append(module.train_epoch(model, data, trainer, gluon.loss.SoftmaxCrossEntropyLoss(), 4, 0.5))
    assert isinstance(results[0], tuple) and len(results[0]) == 2, (
        f"train_epoch must return a (loss, perplexity) tuple, got {results[0]!r}")
    loss, ppl = (S.exact_float(v, f"train_epoch's {name}") for v, name in zip(results[0], ("loss", "perplexity")))
    ref_loss = results[1][0]
    assert seen and set(seen) == {ctx}, (
        f"train_epoch on data on {ctx}: the model was fed inputs and states on {sorted(set(map(str, seen)))}: "
        "begin the state on data.context")
    assert abs(loss - ref_loss) < 1e-4, (
        f"{mode}, dropout 0.3, {rows} rows in chunks of 4, 4 and {rows - 9}: mean loss {loss:.5f} nats/char, the reference "
        f"{ref_loss:.5f}: average over every character of the epoch, carry the state from chunk to chunk, "
        "and train in training mode (autograd.record()) so that dropout is on")
    assert abs(ppl - math.exp(loss)) < 1e-3 * ppl, f"perplexity must be exp(loss) = {math.exp(loss):.4f}, got {ppl:.4f}"
    for layer in LAYERS:
        for a, b in zip(getattr(ours, layer).collect_params().values(), getattr(ref, layer).collect_params().values()):
            np.testing.assert_allclose(a.data(ctx).asnumpy(), b.data(ctx).asnumpy(), rtol=1e-4, atol=1e-5,
                                       err_msg=f"{layer} after one epoch differs from the reference's")


# ------------------------------------------------------------ generate

def test_generate_greedy_agrees_with_the_reference(kata, reference, ctx):
    """Catches a seed fed one character at a time without its state, the wrong output row,
    and dropout left on while generating."""
    text = "the cat sat on the mat."
    vocab = make_vocab(text)
    ours, ref = twin_models(kata, reference, ctx, vocab_size=len(vocab[0]), num_layers=2, dropout=0.5)
    randomize(ref, ctx, 1.5)  # large random weights: every input changes the prediction
    copy_parameters(ref, ours)
    got = kata.generate(ours, "the c", 12, vocab)
    assert type(got) is str and len(got) == 12, f"generate(model, 'the c', 12, vocab) must return 12 new characters, got {got!r}"
    again = kata.generate(ours, "the c", 12, vocab)
    assert again == got, (
        f"greedy generation gave {got!r}, then {again!r} with the same model and seed text: generation runs "
        "in inference mode (no dropout), outside autograd.record() and train_mode()")
    expected = reference.generate(ref, "the c", 12, vocab)
    assert got == expected, (
        f"greedy generation after 'the c' gave {got!r}, the reference {expected!r} with the same "
        "parameters: run the seed as one (T, 1) input, predict from its last row, then feed back "
        "one character at a time carrying the state, in inference mode")


def test_generate_with_a_large_vocabulary_on_another_context(kata, reference):
    """Catches indices squeezed into uint8 (vocabularies beyond 256 characters) and a model's context ignored."""
    chars = "".join(chr(0x100 + k) for k in range(300))  # 300 characters, indices up to 299
    vocab = make_vocab(chars)
    ours, ref = twin_models(kata, reference, OTHER, vocab_size=300, num_embed=4, num_hidden=6)
    randomize(ref, OTHER, 1.5, seed=2)
    copy_parameters(ref, ours)
    seed_text = chars[299] + chars[257] + chars[3]
    seen = spy_on_contexts(ours)
    got = kata.generate(ours, seed_text, 6, vocab)
    assert seen and set(seen) == {OTHER}, (
        f"generate with a model on {OTHER} fed it inputs and states on {sorted(set(map(str, seen)))}: "
        "use the context of the model's parameters, for the state too")
    want = reference.generate(ref, seed_text, 6, vocab)
    assert got == want, (
        f"a 300-character vocabulary, model on {OTHER}: greedy generation gave indices "
        f"{[vocab[1][c] for c in got]}, the reference {[vocab[1][c] for c in want]}: keep indices above 255 "
        "as they are, and feed the model on the context of its parameters")


def test_generate_sampling_is_reproducible(kata, ctx):
    """Catches sampling that ignores the seed, and a temperature that changes nothing."""
    vocab = make_vocab("abcdefghij")
    model = make_model(kata, ctx, vocab_size=10)
    a = kata.generate(model, "abc", np.int64(12), vocab, temperature=1.0, seed=3)
    b = kata.generate(model, "abc", 12, vocab, temperature=1.0, seed=3)
    c = kata.generate(model, "abc", 12, vocab, temperature=1.0, seed=4)
    assert type(a) is str and len(a) == 12, f"generate(..., length=np.int64(12)) must return 12 characters, got {a!r}"
    assert a == b, f"the same seed gave {a!r} and {b!r}"
    assert a != c, "seeds 3 and 4 gave the same 12 characters"
    greedy = kata.generate(model, "abc", 10, vocab)
    cold = kata.generate(model, "abc", 10, vocab, temperature=1e-8, seed=5)
    assert cold == greedy, f"a temperature near zero must pick the most likely character, as greedy does: {cold!r} vs {greedy!r}"


@pytest.mark.parametrize("temperature", [0.5, 2.0])
def test_generate_samples_softmax_over_temperature(kata, ctx, temperature):
    """Catches logits multiplied by the temperature, the temperature ignored, and
    draws that are not from softmax(logits / temperature)."""
    vocab = make_vocab("abcde")
    model = make_model(kata, ctx, vocab_size=5)
    for p in model.collect_params().values():
        p.set_data(mx.nd.zeros(p.shape, ctx=ctx))
    logits = np.array([2.0, 1.0, 0.0, -1.0, -3.0])
    model.decoder.bias.set_data(mx.nd.array(logits, ctx=ctx))  # the same logits at every step
    text = kata.generate(model, "a", 400, vocab, temperature=temperature, seed=0)
    counts = np.array([text.count(c) for c in "abcde"]) / max(len(text), 1)
    z = np.exp(logits / temperature)
    want = z / z.sum()
    assert np.abs(counts - want).max() < 0.1, (
        f"logits {logits.tolist()} at every step, temperature {temperature}: 400 draws should follow "
        f"softmax(logits / T) = {np.round(want, 2).tolist()}, got frequencies {np.round(counts, 2).tolist()}")


@pytest.mark.parametrize("args, why", [
    (("abz", 5, None), "'z' is not in the vocabulary"), (("", 5, None), "an empty seed text"),
    (("ab", 5, 0.0), "temperature 0"), (("ab", 5, -1.0), "a negative temperature")])
def test_generate_rejects_bad_arguments(kata, ctx, args, why):
    """Catches a KeyError deep inside the loop for a character the model never saw, an
    empty seed, and temperatures <= 0 (0 divides by zero, a negative one inverts the odds)."""
    vocab = make_vocab("abc")
    model = make_model(kata, ctx, vocab_size=3)
    seed_text, length, temperature = args
    try:
        result = kata.generate(model, seed_text, length, vocab, temperature=temperature, seed=0)
    except ValueError as error:
        if "z" in seed_text:
            assert "z" in str(error), f"the message should name the unknown character 'z', got: {error}"
        return
    raise AssertionError(f"generate with {why} must raise ValueError, but it returned {result!r}")


# ------------------------------------------------------------ learning

def test_loss_falls_on_the_shipped_text(kata, ctx):
    """Catches a model or training loop that does not learn (3 short epochs on 4,000 characters of Nietzsche)."""
    text = load_nietzsche()[:4000]
    vocab = make_vocab(text)
    data = kata.batchify(np.array([vocab[1][c] for c in text]), 20, ctx=ctx)
    model = make_model(kata, ctx, vocab_size=len(vocab[0]), num_embed=16, num_hidden=32)
    model.hybridize(static_alloc=True, static_shape=True)
    trainer = gluon.Trainer(model.collect_params(), "adam", {"learning_rate": 0.02})
    losses = [kata.train_epoch(model, data, trainer, gluon.loss.SoftmaxCrossEntropyLoss(), 20, 0.25)[0]
              for _ in range(3)]
    uniform = math.log(len(vocab[0]))
    assert losses[-1] < losses[0] and losses[-1] < uniform - 1.0, (
        f"3 epochs gave losses {[round(l, 2) for l in losses]} nats/char (uniform guessing: "
        f"{uniform:.2f}); the loss should fall below {uniform - 1:.2f}")
