"""Training, evaluation and the model card: the only modules that import scikit-learn, pandas or matplotlib.

`dataset` builds training_data/ from the corpora (`make features`), `train` fits and writes a model folder
(`make train`, `scorer train`), `evaluate` writes docs/evaluation.md (`make evaluate`), `metrics` scores predictions,
`model_card` writes MODEL_CARD.md. Serving needs none of them.
"""
