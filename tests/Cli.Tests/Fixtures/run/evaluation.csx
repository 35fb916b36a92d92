// Every kind of reported item, on tiny models of the embedded target task: an ensemble, soups, a single model,
// a path between two models, a basin report and a plane. The task holds out images for the greedy soup to choose on.
var center = Scratch("cifar-resnet8x16", seed: 1).Train(3, data: EmbeddedTarget().HoldOut(), lr: 0.05).Named("centre");
var star = center.StarSnapshots(cycles: 3, epochs: 1).Named("StarSSE");
return Report(star.Ensemble(), star.Soup(), star.Soup(SoupKind.Greedy), center.Evaluate(),
              Interpolate(star[0], star[1], points: 3).Named("path"), star.Basin(points: 3),
              Plane(star[0], star[1], star[2], project: Members(star.Soup()), resolution: 3).Named("plane"));
