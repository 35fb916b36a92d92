// exit: 2
// expect: helpers.csx(2,7): error ENS0003: #load cycle: main.csx → helpers.csx → main.csx; a script cannot load itself, directly or through others
#load "helpers.csx"
Center().Snapshots(cycles: 5).Ensemble()
