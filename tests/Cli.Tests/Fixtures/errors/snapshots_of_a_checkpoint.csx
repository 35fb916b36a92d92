// exit: 2
// expect: snapshots_of_a_checkpoint.csx(5,1): error CS1929: 'Pretrained' does not contain a definition for 'Snapshots' and the best extension method overload 'Explorations.Snapshots(Model, int, int?, double?, int, bool, bool, string, int)' requires a receiver of type 'EnsDsl.Model'
// Types keep invalid plans unwritable: snapshots continue a trained model, and a pre-trained checkpoint has not
// been trained for the task yet (fine-tune it first).
Pretrained("byol").Snapshots(cycles: 5).Ensemble()
