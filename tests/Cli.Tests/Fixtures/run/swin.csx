// A small Swin Transformer (one stage of two blocks, 4-pixel patches, a 5×5-token window) trained from scratch on the
// embedded source task (40 classes, chance 0.025) through the real CLI: the engine's Swin learns (test accuracy about
// 0.065 after 40 epochs on a 2-core Xeon, one minute; a transformer without convolutions learns this task slowly).
var swin = Scratch("swin-e48-d2-h4-w5-p4-i20", seed: 1).Train(40, data: EmbeddedSource(), optimizer: AdamW(wd: 0.05), lr: 1e-3, batchSize: 64);
return Report(swin.Evaluate().Named("Swin on the source task"));
