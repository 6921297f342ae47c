Console.WriteLine("SymDiff seeds sample (work in progress).");
