"""The second dropout is applied to the logits (after the decoder) instead of the recurrent output."""
from solutions.textgen import *  # noqa: F401,F403
from solutions.textgen import GluonRNNModel as _Right


class GluonRNNModel(_Right):
    def hybrid_forward(self, F, inputs, hidden):
        output, hidden = self.rnn(self.drop(self.embedding(inputs)), hidden)
        return self.drop(self.decoder(output.reshape((-1, self.num_hidden)))), hidden
