// exit: 2
// expect: non_finite.csx(6,28): error ENS0201: FineTune: learning rates must be positive and finite; got NaN in cosine NaN→0
// expect: non_finite.csx(7,28): error ENS0201: FineTune: Infinity is not a value a plan can hold; every number must be finite
// NaN and infinities from a script are located errors, like any other bad value, not an internal error: a rule that
// names the value says so, and a value no rule checks is refused where it would enter the plan.
var a = Pretrained("byol").FineTune(lr: double.NaN);
var b = Pretrained("byol").FineTune(optimizer: AdamW(eps: double.PositiveInfinity));
return Report(a.Evaluate(), b.Evaluate());
