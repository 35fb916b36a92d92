// A small Swin Transformer (one stage of two blocks, 4-pixel patches, a 5×5-token window) trained from scratch on the
// embedded source task (40 classes, chance 0.025) through the real CLI, plainly and with the Swin recipe's loss and
// regularisation (label smoothing, Mixup/CutMix, gradient clipping, drop-path). On a 2-core Xeon, one minute each:
// test accuracy 0.065 and 0.051 (NLL 3.59 for the second, against ln 40 = 3.69 for a model that learned nothing);
// over the init seeds 1–4 (other draws, as another CPU gives): 0.059–0.070, and 0.039–0.063 with NLL 3.54–3.62.
// A transformer learns this task slowly, and Mixup/CutMix slow it further.
var init = Scratch("swin-e48-d2-h4-w5-p4-i20", seed: 1);
var plain = init.Train(40, data: EmbeddedSource(), optimizer: AdamW(wd: 0.05), lr: 1e-3, batchSize: 64);
var recipe = init.Train(40, data: EmbeddedSource(), optimizer: AdamW(wd: 0.05), lr: 1e-3, batchSize: 64,
    loss: CrossEntropy(0.1, mixup: 0.8, cutmix: 1.0), clipGradNorm: 5.0, dropPath: 0.1);
return Report(plain.Evaluate().Named("Swin"), recipe.Evaluate().Named("Swin, the recipe's loss and regularisation"));
