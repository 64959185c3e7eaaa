"""GluonRNNModel drops the flattened (seq * B, num_hidden) output, and the embeddings with F.Dropout."""
from solutions.textgen import *  # noqa: F401,F403
from solutions.textgen import GluonRNNModel as _Reference


class GluonRNNModel(_Reference):
    def __init__(self, mode, vocab_size, num_embed, num_hidden, num_layers=1, dropout=0.5):
        super().__init__(mode, vocab_size, num_embed, num_hidden, num_layers, dropout)
        self.rate = dropout

    def hybrid_forward(self, F, inputs, hidden):
        embedded = F.Dropout(self.embedding(inputs), p=self.rate)
        output, hidden = self.rnn(embedded, hidden)
        flat = F.reshape(output, shape=(-1, self.num_hidden))
        return self.decoder(self.drop(flat)), hidden
