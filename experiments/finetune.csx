// Single fine-tuning, the paper's reference point: one pre-trained checkpoint fine-tuned with its setup's recipe.
//   ensdsl plan experiments/finetune.csx --set setup=swin-t --set data=sun397:datasets/sun397
#load "lib/setup.csx"

var model = FineTuned(Param("ckpt", FirstCheckpoint), Param("seed", 1));
return Report(model.Evaluate().Named($"{setup} fine-tuned"));
