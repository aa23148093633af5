package places
import ("testing";"fmt")
func TestDbg(t *testing.T){
 for _,s:=range []string{
 "Брянщина и Гомельщина, в Приамурье, на Ставрополье, Могилевщины.",
 "Belarus’ main partners; Gomel Oblast and Mogilev Region; Gujarat state, Tamil Nadu and India. Republic of Uzbekistan. Mongolia's Selenge province. Georgia's Adjara and Abkhazia.",
 } {
 ps:=tagger(t).Find(s,"")
 var out []string
 for _,p:=range ps { out=append(out, p.Code+"="+p.Text) }
 fmt.Println(out)}
}
