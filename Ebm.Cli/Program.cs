using Ebm.Cli;

return EbmCommandLine.Run(args, Console.Out, Console.Error);
