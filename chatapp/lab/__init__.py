"""The labs' scenarios: real sockets on loopback (or between two machines) doing
one thing a lesson shows, with no widgets, so each lab's facts are asserted by a
headless test. The pages in chatapp/ui/lab/ drive them and draw what they report."""
