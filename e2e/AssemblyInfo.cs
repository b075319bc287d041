// One app, one dynalite and one Chromium at a time: the suite must fit a 2-core machine beside the
// other test projects, and parallel classes would only fight over the same two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
