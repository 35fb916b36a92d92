// Swin-Tiny's recipe on images, end to end: a small Swin's weights (exported by another run) fine-tuned as the authors
// fine-tune Swin-Tiny — timm's training transform (bicubic RandomResizedCrop + flip, RandAugment rand-m9-mstd0.5-inc1,
// RandomErasing 0.25), Mixup/CutMix with label smoothing, drop-path, clipping, AdamW without decay on 1-D weights —
// on a folder of JPEGs at 20 px, and tested through Resize + CenterCrop with bicubic resampling.
var data = Data(Param("data", "imagefolder:images"));
var start = Pretrained("swin-t", Param("ckpt", "swin.pt"), arch: "swin-e24-d2-h2-w5-p4-i20");
var members = start.Star(2, p => p.FineTune(data, epochs: 2, batchSize: 4, imageSize: 20));
return Report(members.Ensemble(), members.Soup());
