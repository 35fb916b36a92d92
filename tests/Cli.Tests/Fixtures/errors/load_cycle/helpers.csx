// helpers.csx loads the script that loads it.
#load "main.csx"
Model Center() => Pretrained("byol").FineTune();
